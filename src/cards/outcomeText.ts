import type { GraphFailureKind } from '../graph/types';
import type { UserOutcome } from '../migration/types';
import type {
  GroupProblem,
  NotReadyAbout,
  NotResentWhy,
  OutcomeDetail,
  RelianceAbout,
  RestoreFailure,
  RiskAbout,
  RuleMissAbout,
} from '../migration/outcomeDetail';
import type { Localizer } from '../i18n';
import { runProductName } from '../migration/runLicenses';
import type { Run } from '../migration/types';
import { clip, plain } from './format';

/**
 * How a detail's product (a part number, or an id where the engine had only that) is named to the reader: by its
 * readable name (skuProductName), the run's own names first.
 */
export type ProductName = (sku: string) => string;

/** Products named from the run's products (their Graph names), then the known names, then as written. */
export function productNamer(run?: Partial<Pick<Run, 'skuId' | 'skuPartNumber' | 'skuDisplayName' | 'licenses'>>): ProductName {
  return (sku) => runProductName(run, sku);
}

const knownNames: ProductName = productNamer();

type OutcomeCode = keyof Localizer['m']['cards']['outcome']['codes'];

/**
 * Graph's failure kinds the removal path records as a user's code when a read or the removal did not go through
 * (notFound and inheritedOnly have sentences of their own). A record, so a new kind fails the type check here.
 */
const GRAPH_KINDS: Record<Exclude<GraphFailureKind, 'notFound' | 'inheritedOnly'>, true> = {
  noFreeUnits: true,
  usageLocationMissing: true,
  usageLocationProhibited: true,
  notAssigned: true,
  mutuallyExclusive: true,
  dependency: true,
  alreadyMember: true,
  forbidden: true,
  unauthorized: true,
  throttled: true,
  unavailable: true,
  timeout: true,
  badRequest: true,
  unknown: true,
};

/**
 * Codes whose sentence cannot say all the engine's reason says (the plans, services, Entra code or attribute values,
 * and, after a removal, whether the direct assignment could be re-added): the reason follows as details.
 */
export const DETAILED_CODES: ReadonlySet<string> = new Set<string>([
  'error',
  'planMismatch',
  'planGain',
  'notMember',
  'otherGroupUnconfirmed',
  'graphFailed',
  'servicesLost',
  'servicesLostAfterSettle',
  'groupChanged',
  'leftGroup',
  'membershipUnknown',
  'restoreFailed',
  'notAttempted',
]);

function sentenceOf(o: Pick<UserOutcome, 'outcome' | 'code'>, l: Localizer): { key: string; text: string } | undefined {
  const codes = l.m.cards.outcome.codes;
  const code = o.code;
  if (!code) return undefined;
  if (Object.hasOwn(GRAPH_KINDS, code)) {
    const key = o.outcome === 'failed' ? 'graphFailed' : 'graphSkipped';
    return { key, text: l.f(codes[key], { code }) };
  }
  if (code === 'graphFailed' || code === 'graphSkipped' || !Object.hasOwn(codes, code)) return undefined;
  return { key: code, text: codes[code as OutcomeCode] };
}

type Details = Localizer['m']['cards']['outcome']['details'];

const list = (items: readonly string[]) => items.join(', ');

function missesText(misses: readonly RuleMissAbout[], l: Localizer): string {
  const t = l.m.cards.outcome.details;
  return misses
    .map((m) =>
      m.value === null
        ? l.f(t.ruleMiss.notSet, { property: m.property, clause: m.clause })
        : // Values as Entra holds them: a string quoted, as the rule writes it.
          l.f(t.ruleMiss.value, {
            property: m.property,
            value: typeof m.value === 'string' ? JSON.stringify(m.value) : String(m.value),
            clause: m.clause,
          }),
    )
    .join(t.separator);
}

function notReadyText(p: NotReadyAbout, t: Details, l: Localizer, name: ProductName): string {
  const n = t.notReady;
  const why =
    p.class === 'error'
      ? l.f(n.error, { code: p.errorCode ?? 'Other' })
      : p.class === 'planMismatch'
        ? l.f(n.planMismatch, { plans: list(p.plans ?? []) })
        : p.class === 'planGain'
          ? l.f(n.planGain, { plans: list(p.plans ?? []) })
          : p.class === 'notMember' || p.class === 'pending' || p.class === 'inheritedOnly'
            ? n[p.class]
            : l.f(n.other, { class: p.class });
  return p.sku ? l.f(n.product, { sku: name(p.sku), why }) : why;
}

/** What is wrong with a group (the run's or one relied on), in the reader's language. */
export function groupText(problem: GroupProblem, group: string, l: Localizer, name: ProductName = knownNames): string {
  const t = l.m.cards.outcome.details.group;
  switch (problem.kind) {
    case 'noLicense':
    case 'licenseChanged':
      return l.f(t[problem.kind], { group, sku: name(problem.sku) });
    case 'disables':
      return l.f(t.disables, { group, plans: list(problem.plans) });
    case 'membershipFailed':
      return problem.message ? l.f(t.membershipFailed, { group, message: problem.message }) : l.f(t.membershipFailedSilently, { group });
    case 'membershipProcessing':
      return l.f(t.membershipProcessing, { group, status: problem.status });
    case 'licenseProcessing':
      return problem.state ? l.f(t.licenseProcessing, { group, state: problem.state }) : l.f(t.licenseProcessingUnknown, { group });
    case 'unreadable':
    case 'ruleUnreadable':
      return l.f(t[problem.kind], { group, message: problem.message });
    case 'membershipUnread':
      return l.f(t.membershipUnread, { group, failure: problem.failure });
    case 'ruleMiss':
      return l.f(t.ruleMiss, { group, misses: missesText(problem.misses, l) });
    default:
      return l.f(t[problem.kind], { group });
  }
}

function relianceText(r: RelianceAbout, l: Localizer, name: ProductName): string {
  const group = r.groupName ?? r.groupId;
  return l.f(l.m.cards.outcome.details.reliance, { group, plans: list(r.plans), problem: groupText(r.problem, group, l, name) });
}

function riskText(risk: RiskAbout, l: Localizer, name: ProductName): string {
  const t = l.m.cards.outcome.details.risk;
  switch (risk.kind) {
    case 'notHeld':
      return l.f(t.notHeld, { skus: list(risk.skus.map(name)) });
    case 'lost':
      return l.f(t.lost, { plans: list(risk.plans) });
    case 'group':
      return groupText(risk.problem, risk.group, l, name);
    case 'reliance':
      return relianceText(risk.reliance, l, name);
    case 'ruleMiss':
      return l.f(t.ruleMiss, { group: risk.group, misses: missesText(risk.misses, l) });
    case 'left':
    case 'membershipUnknown':
      return t[risk.kind];
  }
}

function failureText(f: RestoreFailure, l: Localizer, name: ProductName): string {
  const t = l.m.cards.outcome.details.failure;
  const said =
    f.kind === 'graph'
      ? l.f(t.graph, { kind: f.failure, message: f.message })
      : f.kind === 'error'
        ? l.f(t.error, { message: f.message })
        : f.kind === 'unreadable'
          ? l.f(t.unreadable, { failure: f.failure })
          : t[f.kind];
  return f.sku ? l.f(t.forProduct, { sku: name(f.sku), failure: said }) : said;
}

/** What an outcome's detail names, in the reader's language, products by their readable names. */
export function detailText(d: OutcomeDetail, l: Localizer, name: ProductName = knownNames): string {
  const t = l.m.cards.outcome.details;
  switch (d.kind) {
    case 'notReady':
      return d.products.map((p) => notReadyText(p, t, l, name)).join(t.separator);
    case 'ruleLeaver':
      return l.f(t.ruleLeaver, { group: d.group, misses: missesText(d.misses, l) });
    case 'reliance':
      return relianceText(d.reliance, l, name);
    case 'refused':
      return l.f(t.refused, { message: d.message });
    case 'rollback':
      return failureText(d.failure, l, name);
    case 'notAttempted': {
      const n = t.notAttempted;
      if (d.stop === 'paused')
        return d.reason ? l.f(n.pausedBecause, { reason: d.reason }) : d.by ? l.f(n.pausedBy, { by: d.by }) : n.paused;
      return n[d.stop];
    }
    case 'notResent': {
      const n = t.notResent;
      const why = notResentWhyText(d.why, l, name);
      return d.takenByOthers?.length
        ? l.f(n.taken, { taken: list(d.takenByOthers.map(name)), left: list((d.left ?? []).map(name)), why })
        : l.f(n.notSent, { why });
    }
    case 'restore': {
      const readd = d.reAdded
        ? t.restore.reAdded
        : l.f(t.restore.notReAdded, { failure: d.restoreFailure ? failureText(d.restoreFailure, l, name) : t.failure.noResult });
      const said = l.f(t.restore[d.when], { risk: riskText(d.risk, l, name), readd, failure: d.failure ?? t.failure.noResult });
      return d.keptDirect?.length ? l.f(t.restore.keptDirect, { details: said, skus: list(d.keptDirect.map(name)) }) : said;
    }
  }
}

function notResentWhyText(why: NotResentWhy, l: Localizer, name: ProductName): string {
  const n = l.m.cards.outcome.details.notResent;
  switch (why.kind) {
    case 'twice':
      return n.twice;
    case 'membershipUnread':
      return n.membershipUnread;
    case 'group':
      return groupText(why.problem, why.group, l, name);
    default:
      return detailText(why, l, name);
  }
}

/**
 * Why a user was skipped or failed, in the reader's language. English shows the engine's reason as recorded; other
 * languages say what the outcome's code means, with its details where they name more: from the outcome's `detail`,
 * or, for outcomes recorded without one (earlier versions), the engine's English reason. An unknown code keeps the
 * engine's English reason. Details name products by their readable names (`name`: the run's, else the known names).
 */
export function outcomeCause(
  o: Pick<UserOutcome, 'outcome' | 'reason' | 'code' | 'detail'>,
  l: Localizer,
  name: ProductName = knownNames,
): string {
  const t = l.m.cards.outcome;
  const engine = o.reason?.trim() || undefined;
  if (engine && l.locale === 'en') return engine;
  const said = sentenceOf(o, l);
  if (!said) return engine ?? o.code ?? t.noReason;
  // A recorded detail always says more than the code's sentence (a removal not sent again carries Graph's kind as code).
  if (!DETAILED_CODES.has(said.key) && !o.detail) return said.text;
  const details = o.detail ? clip(detailText(o.detail, l, name), 300) : engine && clip(engine, 200);
  return details ? l.f(t.withDetails, { sentence: said.text, details }) : said.text;
}

/** "Failed: reason" / "Skipped: reason" for one user of a batch or a run. */
export function outcomeReason(
  o: Pick<UserOutcome, 'outcome' | 'reason' | 'code' | 'detail'>,
  l: Localizer,
  name: ProductName = knownNames,
): string {
  const t = l.m.cards.outcome;
  return plain(l.f(o.outcome === 'failed' ? t.failed : t.skipped, { reason: outcomeCause(o, l, name) }), 420);
}
