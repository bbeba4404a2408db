import type { GroupMember, Sku, UserLicenses } from '../graph/types';
import type { LicensingGraph } from '../graph/licensingGraph';
import type { Discovery } from './engine';
import { buildCohorts, directAssignment, mergeCohorts } from './cohorts';
import type { Cohort } from './types';
import { pathsOf } from './effectivePlans';
import { MigrationError } from './errors';
import { readRetry } from './readRetry';
import { isGuid } from '../common/ids';

/** The subscribed SKU by skuId or skuPartNumber (case-insensitive); badInput naming the choices otherwise. */
export async function resolveSku(graph: LicensingGraph, skuIdOrPartNumber: string): Promise<Sku> {
  const wanted = (skuIdOrPartNumber ?? '').trim();
  if (!wanted) throw new MigrationError('badInput', 'Name a SKU by skuPartNumber (e.g. ENTERPRISEPACK) or skuId.');
  const skus = await readRetry(() => graph.listSkus());
  const sku = skus.find((s) => s.skuId.toLowerCase() === wanted.toLowerCase() || s.skuPartNumber.toLowerCase() === wanted.toLowerCase());
  if (!sku) {
    throw new MigrationError(
      'badInput',
      `No subscribed SKU "${wanted}". Available: ${skus.map((s) => s.skuPartNumber).join(', ') || 'none'}.`,
    );
  }
  return sku;
}

/** Every user holding the SKU by any path. */
export async function usersWithSku(graph: LicensingGraph, skuId: string): Promise<UserLicenses[]> {
  return readRetry(async () => {
    const out: UserLicenses[] = [];
    for await (const page of graph.usersWithSku(skuId)) out.push(...page);
    return out;
  });
}

/**
 * The group's direct members; a user already read (same moment, same fields) is shared rather than kept twice,
 * which halves what a pre-flight of a 100,000-user group holds.
 */
export async function readMemberList(
  graph: LicensingGraph,
  groupId: string,
  known?: ReadonlyMap<string, UserLicenses>,
): Promise<GroupMember[]> {
  return readRetry(async () => {
    const members: GroupMember[] = [];
    for await (const page of graph.groupMembers(groupId)) {
      for (const m of page) {
        const same = m.kind === 'user' ? known?.get(m.id) : undefined;
        members.push(same ? { ...same, kind: 'user' } : m);
      }
    }
    return members;
  });
}

/** Cohorts of the SKU's direct holders, built page by page; only the holders `keep` selects are kept whole. */
export async function readCohorts(
  graph: LicensingGraph,
  sku: Sku,
  keep: (u: UserLicenses) => boolean = () => false,
): Promise<{ cohorts: Cohort[]; kept: UserLicenses[] }> {
  return readRetry(async () => {
    const parts: Cohort[][] = [];
    const kept: UserLicenses[] = [];
    for await (const page of graph.usersWithSku(sku.skuId)) {
      parts.push(buildCohorts(sku, page));
      for (const u of page) if (keep(u)) kept.push(u);
    }
    return { cohorts: mergeCohorts(parts), kept };
  });
}

/** Ids of the group's direct user members, read page by page without keeping the users. */
export async function readMemberIds(graph: LicensingGraph, groupId: string): Promise<Set<string>> {
  return readRetry(async () => {
    const ids = new Set<string>();
    for await (const page of graph.groupMembers(groupId)) for (const m of page) if (m.kind === 'user') ids.add(m.id);
    return ids;
  });
}

/** Ids of the SKU's holders that `include` selects, read page by page without keeping the users. */
export async function holderIds(graph: LicensingGraph, skuId: string, include: (u: UserLicenses) => boolean): Promise<string[]> {
  return readRetry(async () => {
    const ids: string[] = [];
    for await (const page of graph.usersWithSku(skuId)) for (const u of page) if (include(u)) ids.push(u.id);
    return ids;
  });
}

/** Direct holders of the SKU in cohorts, who inherits it only, and (with a group) who is not a member yet. */
export async function discover(graph: LicensingGraph, skuIdOrPartNumber: string, groupId?: string): Promise<Discovery> {
  if (groupId !== undefined && !isGuid(groupId)) throw new MigrationError('badInput', `Group id "${groupId}" is not a GUID.`);
  const sku = await resolveSku(graph, skuIdOrPartNumber);
  const users = await usersWithSku(graph, sku.skuId);
  const cohorts = buildCohorts(sku, users);
  const direct = users.filter((u) => directAssignment(u, sku.skuId));
  const inheritedOnlyUserIds = users
    .filter(
      (u) =>
        !directAssignment(u, sku.skuId) && pathsOf(u.licenseAssignmentStates ?? [], sku.skuId).inherited.some((p) => p.state === 'Active'),
    )
    .map((u) => u.id);
  let notInGroupUserIds: string[] = [];
  if (groupId) {
    const memberIds = await readMemberIds(graph, groupId);
    notInGroupUserIds = direct.filter((u) => !memberIds.has(u.id)).map((u) => u.id);
  }
  return { sku, cohorts, inheritedOnlyUserIds, notInGroupUserIds, directHolders: direct.length };
}
