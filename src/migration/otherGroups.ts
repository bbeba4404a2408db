import type { GroupInfo, Sku } from '../graph/types';
import type { Run, UserClassification } from './types';
import type { EngineContext } from './context';
import { errorMessage } from '../common/errorMessage';
import { readMemberships, readUsers } from './readRetry';
import { describeMisses, groupRule, isDynamicGroup, ruleMisses, ruleProperties } from './dynamicRule';
import { awaitGroupProcessing } from './groupGate';
import { reliedOnSku } from './runLicenses';
import type { GroupProblem, RelianceAbout, Said } from './outcomeDetail';

/** Why a removal relying on another group must wait (or be undone): said in English and as data. */
export type Unconfirmed = Said<RelianceAbout>;

/**
 * Right before a removal that relies on other groups (union coverage), confirms each of them from fresh reads: the
 * group still assigns the SKU with those plans enabled, Entra has finished applying its changes (a path of a user
 * who just left, or of a license just changed, still looks Active until then; the wait for it lasts at most
 * `waitMs`), and the user is still a member. For a dynamic group the user's attributes must still match its rule:
 * Entra applies an attribute change later while the group still lists the user. The same check after a removal
 * and in the settle check catches a user who left in between. Returns, per user id, why the removal must wait (or
 * be undone); users not in the map may be removed.
 */
export async function unconfirmedReliance(
  ctx: EngineContext,
  sku: Sku,
  users: readonly Pick<UserClassification, 'userId' | 'reliesOn'>[],
  options: { waitMs?: number; afterRemoval?: boolean } = {},
): Promise<Map<string, Unconfirmed>> {
  // Right after a removal nothing is waited for: a user who just left must get the direct assignment back before
  // Entra applies the leave, and processing still under way is the settle check's to wait for.
  const waitMs = options.afterRemoval ? 0 : (options.waitMs ?? ctx.settings.settleTimeoutMs);
  const out = new Map<string, Unconfirmed>();
  const byGroup = new Map<string, { groupId: string; users: Pick<UserClassification, 'userId' | 'reliesOn'>[]; plans: Set<string> }>();
  for (const u of users)
    for (const r of u.reliesOn ?? []) {
      const key = r.groupId.toLowerCase();
      let g = byGroup.get(key);
      if (!g) byGroup.set(key, (g = { groupId: r.groupId, users: [], plans: new Set() }));
      g.users.push(u);
      for (const p of r.plans) g.plans.add(p);
    }
  await Promise.all(
    [...byGroup.values()].map(async ({ groupId, users: relying, plans }) => {
      let group: GroupInfo | null = null;
      const refuse = (userId: string, why: string, problem: GroupProblem) => {
        if (!out.has(userId))
          out.set(userId, {
            text: `relies on group ${groupId} for ${[...plans].join(', ')}, and ${why}`,
            about: { groupId, ...(group?.displayName ? { groupName: group.displayName } : {}), plans: [...plans], problem },
          });
      };
      try {
        group = await awaitGroupProcessing(ctx, groupId, waitMs, 'the wait for a group users rely on');
      } catch (err) {
        for (const u of relying)
          refuse(u.userId, `that group could not be read (${errorMessage(err)})`, { kind: 'unreadable', message: errorMessage(err) });
        return;
      }
      const problem = groupProblem(group, sku, plans, !options.afterRemoval);
      if (problem) {
        for (const u of relying) refuse(u.userId, problem.text, problem.about);
        return;
      }
      const ids = relying.map((u) => u.userId);
      const rule = groupRule(group!);
      const [member, attributes] = await Promise.all([
        readMemberships(ctx.graph, groupId, ids),
        rule?.rule ? readUsers(ctx.graph, ids, ruleProperties(rule)) : Promise.resolve([]),
      ]);
      ids.forEach((id, i) => {
        const m = member[i];
        if (!m.ok)
          refuse(id, `membership of that group could not be re-read (${m.failure.kind})`, {
            kind: 'membershipUnread',
            failure: m.failure.kind,
          });
        else if (!m.value) refuse(id, 'the user is no longer a member of it', { kind: 'notMember' });
        else if (rule && !rule.rule)
          refuse(id, `its membership rule is outside what the bot can evaluate (${rule.unreadable})`, {
            kind: 'ruleUnreadable',
            message: rule.unreadable,
          });
        else if (rule?.rule) {
          const read = attributes[i];
          if (!read?.ok) {
            refuse(id, `its membership rule no longer matches the user (the user's attributes could not be read)`, {
              kind: 'attributesUnread',
            });
            return;
          }
          const misses = ruleMisses(rule.rule, read.value);
          if (misses.length)
            refuse(id, `its membership rule no longer matches the user (${describeMisses(misses)})`, { kind: 'ruleMiss', misses });
        }
      });
    }),
  );
  return out;
}

function groupProblem(group: GroupInfo | null, sku: Sku, planNames: ReadonlySet<string>, settled: boolean): Said<GroupProblem> | null {
  if (!group) return { text: 'that group no longer exists', about: { kind: 'gone' } };
  const license = group.assignedLicenses.find((l) => l.skuId.toLowerCase() === sku.skuId.toLowerCase());
  if (!license) return { text: `that group no longer assigns ${sku.skuPartNumber}`, about: { kind: 'noLicense', sku: sku.skuPartNumber } };
  const disabled = new Set(license.disabledPlans ?? []);
  const lost = sku.servicePlans
    .filter((p) => planNames.has(p.servicePlanName) && disabled.has(p.servicePlanId))
    .map((p) => p.servicePlanName);
  if (lost.length) return { text: `that group's license now disables ${lost.join(', ')}`, about: { kind: 'disables', plans: lost } };
  if (!settled) return null;
  if (group.licenseProcessingState !== 'ProcessingComplete')
    return {
      text: `that group is still processing licenses (${group.licenseProcessingState ?? 'state unknown'})`,
      about: { kind: 'licenseProcessing', ...(group.licenseProcessingState ? { state: group.licenseProcessingState } : {}) },
    };
  if (isDynamicGroup(group)) {
    if (group.membershipRuleProcessingState === 'Paused')
      return { text: "that group's membership processing is paused", about: { kind: 'membershipPaused' } };
    const status = group.membershipProcessing?.status;
    if (status && status !== 'Succeeded')
      return { text: `that group's membership rule is not applied yet (${status})`, about: { kind: 'membershipProcessing', status } };
  }
  return null;
}

/**
 * unconfirmedReliance for a run of one or several products: each relied-on group is checked against the plans of
 * its own product (a run of one product tags none, and its groups are checked against its SKU).
 */
export async function unconfirmedRunReliance(
  ctx: EngineContext,
  run: Pick<Run, 'skuId'>,
  skus: readonly Sku[],
  users: readonly Pick<UserClassification, 'userId' | 'reliesOn'>[],
  options: { waitMs?: number; afterRemoval?: boolean } = {},
): Promise<Map<string, Unconfirmed>> {
  if (skus.length === 1) return unconfirmedReliance(ctx, skus[0], users, options);
  const out = new Map<string, Unconfirmed>();
  for (const sku of skus) {
    const id = sku.skuId.toLowerCase();
    const mine = users
      .map((u) => ({ userId: u.userId, reliesOn: (u.reliesOn ?? []).filter((r) => reliedOnSku(r, run) === id) }))
      .filter((u) => u.reliesOn.length);
    if (!mine.length) continue;
    for (const [userId, why] of await unconfirmedReliance(ctx, sku, mine, options)) if (!out.has(userId)) out.set(userId, why);
  }
  return out;
}
