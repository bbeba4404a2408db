import type { LicensingGraph } from '../graph/licensingGraph';
import type { Sku, UserLicenses } from '../graph/types';
import type { Run, UserClassification } from './types';
import type { EngineContext } from './context';
import { classifyUser } from './classification';
import type { Coverage } from './coverage';
import { cohortKey, directAssignment } from './cohorts';
import { resolveSku } from './discovery';
import { IdSet } from './idSet';
import { readRetry } from './readRetry';
import { inProfile, isProfileRun, runCohortKeys } from './runLicenses';

/**
 * The run's cohort: direct holders whose disabledPlans equal the run's; for a run made from a license profile, the
 * users whose direct licenses are exactly the profile's.
 */
export function inRunCohort(run: Run, user: UserLicenses): boolean {
  if (isProfileRun(run)) return inProfile(runCohortKeys(run), user);
  const direct = directAssignment(user, run.skuId);
  return !!direct && cohortKey(run.skuId, direct.disabledPlans) === cohortKey(run.skuId, run.disabledPlans);
}

/** Nobody can be added to a dynamic group: its rule has to match the user instead. */
const DYNAMIC_NOT_MEMBER_FIX =
  'The group has dynamic membership and its rule does not match this user: correct the attributes the rule reads (the pre-flight names them), or keep the direct assignment.';

/** Takes classified users a page at a time. */
export interface ScopeVisitor {
  add(users: readonly UserClassification[]): void;
}

/**
 * Everyone the run is about (the cohort's direct holders plus the group's user members), classified from fresh reads
 * and handed to a visitor a page at a time, so no list of every user is ever built. A read that fails for a while
 * starts the scan over with a visitor from `fresh`, so nobody is counted twice.
 */
export async function scanScope<V extends ScopeVisitor>(
  ctx: EngineContext,
  run: Run,
  processingComplete: boolean,
  fresh: (attempt: number) => V,
  sku?: Sku,
): Promise<{ sku: Sku; visitor: V }> {
  const theSku = sku ?? (await resolveSku(ctx.graph, run.skuId));
  let attempt = 0;
  const visitor = await readRetry(async () => {
    const v = fresh(++attempt);
    const pages = classifyPages(ctx.graph, theSku, run.groupId, processingComplete, (u) => inRunCohort(run, u), ctx.settings.coverage);
    for await (const page of pages) {
      if (run.membershipRule !== undefined) for (const c of page) if (c.class === 'notMember') c.fix = DYNAMIC_NOT_MEMBER_FIX;
      v.add(page);
    }
    return v;
  });
  return { sku: theSku, visitor };
}

/** One page of the scope as Graph serves it: users who are direct members of the group, or holders outside it. */
export interface ScopePage {
  isMember: boolean;
  users: UserLicenses[];
}

/**
 * Everyone a verification looks at, a page at a time as Graph serves them: the group's user members first, then the
 * holders of the SKU outside the group that `include` selects. Only the members' ids are kept between pages (to
 * leave them out of the second pass), so a million-user group streams through in bounded memory.
 */
export async function* scopePages(
  graph: LicensingGraph,
  skuId: string,
  groupId: string,
  include: (u: UserLicenses) => boolean,
): AsyncGenerator<ScopePage> {
  const memberIds = new IdSet();
  const sku = skuId.toLowerCase();
  let memberHolders = 0;
  for await (const page of graph.groupMembers(groupId)) {
    const users: UserLicenses[] = [];
    for (const m of page) {
      if (m.kind !== 'user' || !memberIds.add(m.id)) continue;
      if (m.assignedLicenses.some((l) => l.skuId === skuId || l.skuId.toLowerCase() === sku)) memberHolders++;
      users.push(m);
    }
    if (users.length) yield { isMember: true, users };
  }
  if (await everyHolderIsMember(graph, skuId, memberHolders)) return;
  for await (const page of graph.usersWithSku(skuId)) {
    const users = page.filter((u) => !memberIds.has(u.id) && include(u));
    if (users.length) yield { isMember: false, users };
  }
}

/**
 * Whether Graph counts as many holders of the SKU as the members holding it: then the holders' pass would only meet
 * members again, and one request replaces a second read of the whole group. The count is eventually consistent, like
 * any read of a directory that changes meanwhile; when it differs, or Graph gives none, the pass is read.
 */
async function everyHolderIsMember(graph: LicensingGraph, skuId: string, memberHolders: number): Promise<boolean> {
  try {
    return (await graph.countUsersWithSku(skuId)) === memberHolders;
  } catch {
    return false;
  }
}

/** The scope classified, a page at a time in the order of `scopePages`. */
export async function* classifyPages(
  graph: LicensingGraph,
  sku: Sku,
  groupId: string,
  processingComplete: boolean,
  include: (u: UserLicenses) => boolean = (u) => !!directAssignment(u, sku.skuId),
  coverage?: Coverage,
): AsyncGenerator<UserClassification[]> {
  for await (const page of scopePages(graph, sku.skuId, groupId, include)) {
    yield page.users.map((user) => classifyUser({ user, sku, groupId, isMember: page.isMember, processingComplete, coverage }));
  }
}
