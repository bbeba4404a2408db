import type { GroupMember, Sku, UserLicenses } from '../graph/types';
import type { Cohort, Person, PreflightFinding, Run, RunLicense } from './types';
import { planTenantLicenses } from './profiles';
import { isProfileRun, runLicenses } from './runLicenses';
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
  const { sku, cohort, users, profile } = await chooseCohort(ctx, req);

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
    name: runName({
      skuPartNumber: sku.skuPartNumber,
      skuDisplayName: sku.displayName,
      groupDisplayName,
      number,
      ...(profile ? { products: profile.skus.map((s) => ({ skuPartNumber: s.skuPartNumber, skuDisplayName: s.displayName })) } : {}),
    }),
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
    ...(profile ? { licenses: profile.licenses } : {}),
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
      cohortUsers: users,
      ...(profile ? { profileKey: req.profileKey, licenses: profile.licenses } : {}),
      groupId,
      groupDisplayName,
      ...(shapedBy.length ? { shapedBy: shapedBy.map((p) => p.id) } : {}),
    },
  });
  return stored;
}

/** A license profile a run moves: its products as the run records them, and as the tenant describes them. */
interface ChosenProfile {
  licenses: RunLicense[];
  skus: Sku[];
}

/**
 * The SKU and cohort a request asks for: one SKU's cohort (the largest by default), or a license profile, whose
 * cohort is the users holding exactly its products (their ids are not kept: the run reads them when it needs them).
 */
async function chooseCohort(
  ctx: EngineContext,
  req: NewRunRequest,
): Promise<{ sku: Sku; cohort: Cohort; users: number; profile?: ChosenProfile }> {
  if (req.profileKey !== undefined) {
    if (typeof req.profileKey !== 'string' || !req.profileKey.trim() || req.profileKey.length > 2000)
      throw bad('profileKey must be the key of a license profile, as the license plan gives it.');
    const plan = await planTenantLicenses(ctx.graph, []);
    const found = plan.profiles.find((p) => p.key === req.profileKey);
    if (!found)
      throw bad(
        `No license profile ${req.profileKey} in the tenant now: direct licenses changed since the plan was read. Read the plan again (${plan.profiles.length} profile(s) now).`,
      );
    const skus = await Promise.all(found.licenses.map((l) => resolveSku(ctx.graph, l.skuId)));
    const licenses = found.licenses.map((l) => ({ skuId: l.skuId, skuPartNumber: l.skuPartNumber, disabledPlans: [...l.disabledPlans] }));
    const first = found.licenses[0];
    const cohort: Cohort = {
      key: found.key,
      skuId: first.skuId,
      skuPartNumber: first.skuPartNumber,
      disabledPlans: [...first.disabledPlans],
      disabledPlanNames: [...first.disabledPlanNames],
      userIds: [],
    };
    return { sku: skus[0], cohort, users: found.users, profile: { licenses, skus } };
  }
  const sku = await resolveSku(ctx.graph, req.skuId);
  const { cohorts } = await readCohorts(ctx.graph, sku);
  if (cohorts.length === 0) throw bad(`Nobody holds ${sku.skuPartNumber} directly: there is nothing to migrate.`);
  const cohort: Cohort | undefined = req.cohortKey ? cohorts.find((c) => c.key === req.cohortKey) : cohorts[0];
  if (!cohort)
    throw bad(
      `No cohort ${req.cohortKey} for ${sku.skuPartNumber}. Cohorts: ${cohorts.map((c) => `${c.key} (${c.userIds.length} users)`).join('; ')}.`,
    );
  return { sku, cohort, users: cohort.userIds.length };
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
  const allSkus = await ctx.graph.listSkus();
  const group = run.groupId ? await ctx.graph.getGroup(run.groupId) : null;
  if (run.groupId && !group) throw new MigrationError('notFound', `Group ${run.groupId} (${run.groupDisplayName}) no longer exists.`);
  const rule = group ? groupRule(group) : null;
  // A run of several products is checked product by product (units, plans, the group's license of each); what is
  // said about the group or its rule once is not said again.
  const out: PreflightFinding[] = [];
  const said = new Set<string>();
  for (const license of runLicenses(run)) {
    const sku = await resolveSku(ctx.graph, license.skuId);
    // Full data only for the run's own cohort; the other holders only count towards their cohorts.
    const { cohorts, kept: cohortUsers } = await readCohorts(ctx.graph, sku, (u) => inRunCohort(run, u));
    const plans = [...license.disabledPlans].sort().join(',');
    const found = cohorts.find((c) => c.disabledPlans.join(',') === plans);
    const cohort: Cohort = {
      key: found?.key ?? `${license.skuId}:${plans}`,
      skuId: license.skuId,
      skuPartNumber: license.skuPartNumber,
      disabledPlans: license.disabledPlans,
      disabledPlanNames: found?.disabledPlanNames ?? [],
      // A profile's cohort is its users, not every holder of the product with these plans.
      userIds: isProfileRun(run) ? cohortUsers.map((u) => u.id) : (found?.userIds ?? []),
    };
    const members = group ? await readMemberList(ctx.graph, group.id, new Map(cohortUsers.map((u) => [u.id, u]))) : [];
    const dynamic = rule ? { rule, outsiders: await readOutsiders(ctx, rule, cohort, members) } : undefined;
    const findings = preflightFindings({
      sku,
      allSkus,
      cohort,
      // The other holders of a profile's products are other profiles, each with a run of its own.
      cohorts: isProfileRun(run) ? [cohort] : cohorts,
      group,
      members,
      cohortUsers,
      rules: ctx.settings.planRules,
      dynamic,
    });
    for (const f of findings) {
      if (said.has(f.message)) continue;
      said.add(f.message);
      out.push(f);
    }
  }
  return out;
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
