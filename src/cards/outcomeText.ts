import type { GraphFailureKind } from '../graph/types';
import type { UserOutcome } from '../migration/types';
import type { Localizer } from '../i18n';
import { clip, plain } from './format';

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
const DETAILED = new Set<string>([
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

/**
 * Why a user was skipped or failed, in the reader's language. English shows the engine's reason as recorded; other
 * languages say what the outcome's code means, with the engine's reason as details where it names more; an unknown
 * code keeps the engine's English reason.
 */
export function outcomeCause(o: Pick<UserOutcome, 'outcome' | 'reason' | 'code'>, l: Localizer): string {
  const t = l.m.cards.outcome;
  const engine = o.reason?.trim() || undefined;
  if (engine && l.locale === 'en') return engine;
  const said = sentenceOf(o, l);
  if (!said) return engine ?? o.code ?? t.noReason;
  return engine && DETAILED.has(said.key) ? l.f(t.withDetails, { sentence: said.text, details: clip(engine, 200) }) : said.text;
}

/** "Failed: reason" / "Skipped: reason" for one user of a batch or a run. */
export function outcomeReason(o: Pick<UserOutcome, 'outcome' | 'reason' | 'code'>, l: Localizer): string {
  const t = l.m.cards.outcome;
  return plain(l.f(o.outcome === 'failed' ? t.failed : t.skipped, { reason: outcomeCause(o, l) }), 420);
}
