import type { GroupInfo, Sku } from '../graph/types';
import type { UserClassification } from './types';
import type { EngineContext } from './context';
import { errorMessage } from '../common/errorMessage';
import { readMemberships, readRetry } from './readRetry';

/**
 * Right before a removal that relies on other groups (union coverage), confirms each of them from fresh reads: the
 * group still assigns the SKU with those plans enabled, Entra has finished applying its changes (a path of a user
 * who just left, or of a license just changed, still looks Active until then), and the user is still a member.
 * Returns, per user id, why the removal must wait; users not in the map may be removed.
 */
export async function unconfirmedReliance(
  ctx: EngineContext,
  sku: Sku,
  users: readonly Pick<UserClassification, 'userId' | 'reliesOn'>[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
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
      const refuse = (userId: string, why: string) => {
        if (!out.has(userId)) out.set(userId, `relies on group ${groupId} for ${[...plans].join(', ')}, and ${why}`);
      };
      let group: GroupInfo | null;
      try {
        group = await readRetry(() => ctx.graph.getGroup(groupId));
      } catch (err) {
        for (const u of relying) refuse(u.userId, `that group could not be read (${errorMessage(err)})`);
        return;
      }
      const problem = groupProblem(group, sku, plans);
      if (problem) {
        for (const u of relying) refuse(u.userId, problem);
        return;
      }
      const ids = relying.map((u) => u.userId);
      const member = await readMemberships(ctx.graph, groupId, ids);
      ids.forEach((id, i) => {
        const m = member[i];
        if (!m.ok) refuse(id, `membership of that group could not be re-read (${m.failure.kind})`);
        else if (!m.value) refuse(id, 'the user is no longer a member of it');
      });
    }),
  );
  return out;
}

function groupProblem(group: GroupInfo | null, sku: Sku, planNames: ReadonlySet<string>): string | null {
  if (!group) return 'that group no longer exists';
  const license = group.assignedLicenses.find((l) => l.skuId.toLowerCase() === sku.skuId.toLowerCase());
  if (!license) return `that group no longer assigns ${sku.skuPartNumber}`;
  const disabled = new Set(license.disabledPlans ?? []);
  const lost = sku.servicePlans.filter((p) => planNames.has(p.servicePlanName) && disabled.has(p.servicePlanId));
  if (lost.length) return `that group's license now disables ${lost.map((p) => p.servicePlanName).join(', ')}`;
  if (group.licenseProcessingState !== 'ProcessingComplete')
    return `that group is still processing licenses (${group.licenseProcessingState ?? 'state unknown'})`;
  return null;
}
