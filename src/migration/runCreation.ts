import type { GroupMember, UserLicenses } from '../graph/types';
import type { Cohort, Person, PreflightFinding, Run } from './types';
import type { NewRunRequest } from './engine';
import type { EngineContext } from './context';
import { isGuid } from '../common/ids';
import { readCohorts, readMemberList, resolveSku } from './discovery';
import { MigrationError } from './errors';
import { DYNAMIC_EXPLAINED, preflightFindings } from './preflight';
import { groupRule, isDynamicGroup, ruleProperties, type GroupRule } from './dynamicRule';
import { readUsers } from './readRetry';
import { inRunCohort } from './scope';
import { personKey } from './approvals';
import { runName, runNumberScope } from './runName';

const bad = (msg: string) => new MigrationError('badInput', msg);

/** Validates a run request against the tenant and persists the run in state 'created'. */
export async function createRun(ctx: EngineContext, req: NewRunRequest): Promise<Run> {
  if (!req || typeof req.requestedBy !== 'string' || !req.requestedBy.trim()) throw bad('requestedBy (the requesting admin) is required.');
  const shapedBy = otherAuthors(req);
  const required = req.requiredApprovals ?? ctx.settings.defaultRequiredApprovals;
  if (!Number.isInteger(required) || required < 1 || required > 10)
    throw bad(`requiredApprovals must be a whole number from 1 to 10, got ${String(req.requiredApprovals)}.`);
  if (!req.group || (!('id' in req.group) && !('createWithName' in req.group)))
    throw bad('group must be { id } of an existing group or { createWithName }.');
  const sku = await resolveSku(ctx.graph, req.skuId);
  const { cohorts } = await readCohorts(ctx.graph, sku);
  if (cohorts.length === 0) throw bad(`Nobody holds ${sku.skuPartNumber} directly: there is nothing to migrate.`);
  const cohort: Cohort | undefined = req.cohortKey ? cohorts.find((c) => c.key === req.cohortKey) : cohorts[0];
  if (!cohort)
    throw bad(
      `No cohort ${req.cohortKey} for ${sku.skuPartNumber}. Cohorts: ${cohorts.map((c) => `${c.key} (${c.userIds.length} users)`).join('; ')}.`,
    );

  let groupId = '';
  let groupDisplayName: string;
  let membershipRule: string | undefined;
  if ('id' in req.group) {
    const id = String(req.group.id ?? '').trim();
    if (!isGuid(id)) throw bad(`Group id "${id}" is not a GUID.`);
    const group = await ctx.graph.getGroup(id);
    if (!group) throw bad(`No group with id ${id}.`);
    groupId = group.id;
    groupDisplayName = group.displayName;
    if (isDynamicGroup(group)) membershipRule = group.membershipRule ?? '';
  } else {
    groupDisplayName = String(req.group.createWithName ?? '').trim();
    if (!groupDisplayName || groupDisplayName.length > 256) throw bad('A new group needs a display name of 1 to 256 characters.');
  }

  const now = ctx.now().toISOString();
  // Claimed last, once the request is valid, so refused requests leave no gaps in the numbering.
  // The counter alone could repeat a number (restored without it, or runs moved between stores): never below the
  // highest number a run of the scope already has.
  const scope = runNumberScope(req.tenantId);
  const highest = Math.max(0, ...(await ctx.runs.list()).filter((r) => runNumberScope(r.tenantId) === scope).map((r) => r.number ?? 0));
  const number = await ctx.runs.nextRunNumber(scope, highest + 1);
  const run: Run = {
    id: ctx.newId(),
    name: runName({ skuPartNumber: sku.skuPartNumber, skuDisplayName: sku.displayName, groupDisplayName, number }),
    number,
    ...(req.tenantId ? { tenantId: req.tenantId } : {}),
    requestedBy: req.requestedBy.trim(),
    ...(req.requestedByName ? { requestedByName: req.requestedByName } : {}),
    ...(shapedBy.length ? { shapedBy } : {}),
    createdAt: now,
    updatedAt: now,
    status: 'created',
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    disabledPlans: [...cohort.disabledPlans],
    groupId,
    groupDisplayName,
    ...(membershipRule !== undefined ? { membershipRule } : {}),
    createdGroup: false,
    requiredApprovals: required,
    batches: [],
    ...(req.conversation !== undefined ? { conversation: req.conversation } : {}),
  };
  const stored = await ctx.runs.create(run);
  await ctx.journal.append({
    runId: run.id,
    kind: 'run.created',
    actorId: run.requestedBy,
    detail: {
      name: run.name,
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      cohortKey: cohort.key,
      cohortUsers: cohort.userIds.length,
      groupId,
      groupDisplayName,
      ...(shapedBy.length ? { shapedBy: shapedBy.map((p) => p.id) } : {}),
    },
  });
  return stored;
}

/** The people besides the requester who shaped the run, each once; malformed entries are refused, not dropped. */
function otherAuthors(req: NewRunRequest): Person[] {
  if (req.shapedBy === undefined) return [];
  if (!Array.isArray(req.shapedBy) || req.shapedBy.length > 20) throw bad('shapedBy must be a list of at most 20 people.');
  const seen = new Set([personKey(req.requestedBy)]);
  const people: Person[] = [];
  for (const p of req.shapedBy) {
    if (!p || typeof p.id !== 'string' || !p.id.trim() || p.id.length > 100) throw bad('Each shapedBy entry needs an id (the person).');
    if (p.name !== undefined && typeof p.name !== 'string') throw bad('A shapedBy name must be text.');
    const key = personKey(p.id);
    if (seen.has(key)) continue;
    seen.add(key);
    people.push({ id: p.id.trim(), ...(p.name ? { name: p.name.slice(0, 200) } : {}) });
  }
  return people;
}

/** Pre-flight findings for a run, read fresh from the tenant. */
export async function runPreflight(ctx: EngineContext, runId: string): Promise<PreflightFinding[]> {
  const run = await ctx.runs.load(runId);
  const sku = await resolveSku(ctx.graph, run.skuId);
  const allSkus = await ctx.graph.listSkus();
  // Full data only for the run's own cohort; the other holders only count towards their cohorts.
  const { cohorts, kept: cohortUsers } = await readCohorts(ctx.graph, sku, (u) => inRunCohort(run, u));
  const cohort: Cohort = cohorts.find((c) => c.disabledPlans.join(',') === [...run.disabledPlans].sort().join(',')) ?? {
    key: `${run.skuId}:${[...run.disabledPlans].sort().join(',')}`,
    skuId: run.skuId,
    skuPartNumber: run.skuPartNumber,
    disabledPlans: run.disabledPlans,
    disabledPlanNames: [],
    userIds: [],
  };
  const group = run.groupId ? await ctx.graph.getGroup(run.groupId) : null;
  if (run.groupId && !group) throw new MigrationError('notFound', `Group ${run.groupId} (${run.groupDisplayName}) no longer exists.`);
  const members = group ? await readMemberList(ctx.graph, group.id, new Map(cohortUsers.map((u) => [u.id, u]))) : [];
  const rule = group ? groupRule(group) : null;
  const dynamic = rule ? { rule, outsiders: await readOutsiders(ctx, rule, cohort, members) } : undefined;
  return preflightFindings({ sku, allSkus, cohort, cohorts, group, members, cohortUsers, rules: ctx.settings.planRules, dynamic });
}

/** Cohort users outside a dynamic group, read with the attributes its rule looks at (the first DYNAMIC_EXPLAINED). */
async function readOutsiders(
  ctx: EngineContext,
  rule: GroupRule,
  cohort: Cohort,
  members: readonly GroupMember[],
): Promise<Map<string, UserLicenses>> {
  const out = new Map<string, UserLicenses>();
  if (!rule.rule) return out;
  const memberIds = new Set(members.map((m) => m.id));
  const ids = cohort.userIds.filter((id) => !memberIds.has(id)).slice(0, DYNAMIC_EXPLAINED);
  for (const read of await readUsers(ctx.graph, ids, ruleProperties(rule))) if (read.ok) out.set(read.id, read.value);
  return out;
}
