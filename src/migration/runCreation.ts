import type { GroupMember, Sku, UserLicenses } from '../graph/types';
import type { Cohort, Person, PreflightFinding, Run, RunLicense } from './types';
import { licenseFor, mergeGains, planTenantLicenses, type LicenseProfile, type ProfileLicense } from './profiles';
import { cohortKey, cohortKeyParts } from './cohorts';
import { isProfileRun, licenseKeys, runCohortKeys, runLicenses, runProductNames } from './runLicenses';
import { skuProductName } from './skuNames';
import type { NewRunRequest } from './engine';
import type { EngineContext } from './context';
import { isGuid } from '../common/ids';
import { readCohorts, readMemberList, resolveSku } from './discovery';
import { MigrationError } from './errors';
import { DYNAMIC_EXPLAINED, groupExtraFinding, preflightFindings } from './preflight';
import { groupRule, isDynamicGroup, ruleProperties, type GroupRule } from './dynamicRule';
import { readRetry, readUsers } from './readRetry';
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
    ...(sku.displayName ? { skuDisplayName: sku.displayName } : {}),
    disabledPlans: [...cohort.disabledPlans],
    ...(profile ? { licenses: profile.licenses } : {}),
    ...(profile?.cohortKeys ? { cohortKeys: profile.cohortKeys } : {}),
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
      ...(profile?.cohortKeys
        ? { ...(req.intoProfileKey ? { intoProfileKey: req.intoProfileKey } : {}), cohortKeys: profile.cohortKeys }
        : {}),
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
  /** A merged profile: its users' own direct licenses. */
  cohortKeys?: string[];
}

/**
 * The SKU and cohort a request asks for: one SKU's cohort (the largest by default), or a license profile, whose
 * cohort is the users holding exactly its products (their ids are not kept: the run reads them when it needs them).
 */
async function chooseCohort(
  ctx: EngineContext,
  req: NewRunRequest,
): Promise<{ sku: Sku; cohort: Cohort; users: number; profile?: ChosenProfile }> {
  // Half of a profile request would otherwise be dropped and another run made: a one-SKU run of the largest cohort.
  if (req.intoProfileKey !== undefined && req.profileKey === undefined)
    throw bad('intoProfileKey needs profileKey: the profile whose users merge into it.');
  if ((req.profileKey !== undefined || req.profile !== undefined) && req.cohortKey !== undefined)
    throw bad('Give either cohortKey (one SKU) or profileKey (a license profile), not both.');
  if (req.profileKey !== undefined && req.profile !== undefined) throw bad('Give either profileKey or profile, not both.');
  if (req.profileKey !== undefined || req.profile !== undefined) return chooseProfile(ctx, req);
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

const keysOf = (ls: readonly { skuId: string; disabledPlans: readonly string[] }[]) => licenseKeys(ls).join('|');

/** The products a request names by content, checked: 1 to 20 SKUs by GUID, each once, with plan GUIDs. */
function profileLicensesOf(req: NewRunRequest): { skuId: string; disabledPlans: string[] }[] {
  const list = req.profile?.licenses;
  if (!Array.isArray(list) || list.length === 0 || list.length > 20) throw bad('profile.licenses must list 1 to 20 products.');
  for (const l of list)
    if (!l || !isGuid(String(l.skuId)) || !Array.isArray(l.disabledPlans) || !l.disabledPlans.every((p) => isGuid(String(p))))
      throw bad('Each product of profile.licenses needs a skuId and disabledPlans (GUIDs).');
  if (new Set(list.map((l) => l.skuId.toLowerCase())).size !== list.length) throw bad('profile.licenses names a product twice.');
  return list;
}

/**
 * A license profile run: the profile named by key (or by content, for a follow-up) and, for a merge, the larger
 * set of products its users take on, refused when anyone would lose a service.
 */
async function chooseProfile(
  ctx: EngineContext,
  req: NewRunRequest,
): Promise<{ sku: Sku; cohort: Cohort; users: number; profile: ChosenProfile }> {
  const plan = await planTenantLicenses(ctx.graph, []);
  const allSkus = await readRetry(() => ctx.graph.listSkus());
  let found: LicenseProfile | undefined;
  let target: ProfileLicense[];
  if (req.profileKey !== undefined) {
    if (typeof req.profileKey !== 'string' || !req.profileKey.trim() || req.profileKey.length > 2000)
      throw bad('profileKey must be the key of a license profile, as the license plan gives it.');
    found = plan.profiles.find((p) => p.key === req.profileKey);
    if (!found)
      throw bad(
        `No license profile ${req.profileKey} in the tenant now: direct licenses changed since the plan was read. Read the plan again (${plan.profiles.length} profile(s) now).`,
      );
    target = found.licenses;
    if (req.intoProfileKey !== undefined) {
      const into = plan.profiles.find((p) => p.key === req.intoProfileKey);
      if (typeof req.intoProfileKey !== 'string' || !into)
        throw bad(`No license profile ${String(req.intoProfileKey)} to merge into in the tenant now. Read the plan again.`);
      if (into.key === found.key) throw bad('A profile cannot be merged into itself.');
      target = into.licenses;
    }
  } else {
    const wanted = profileLicensesOf(req);
    const cohortKeys = req.profile?.cohortKeys;
    if (cohortKeys !== undefined && (!Array.isArray(cohortKeys) || cohortKeys.some((k) => typeof k !== 'string')))
      throw bad('profile.cohortKeys must be a list of cohort keys.');
    const fromKeys = cohortKeys?.length
      ? [...cohortKeys]
          .map((k) => k.toLowerCase())
          .sort()
          .join('|')
      : keysOf(wanted);
    target = await Promise.all(wanted.map(async (l) => licenseFor(await resolveSku(ctx.graph, l.skuId), l.disabledPlans)));
    // A follow-up moves the group's members who got some of the products directly again (the legacy automation hands
    // out one product at a time), so nobody needs to hold exactly the set any more: the profile is then the request's.
    found = plan.profiles.find((p) => keysOf(p.licenses) === fromKeys) ?? {
      key: fromKeys,
      licenses: cohortKeys?.length ? await Promise.all(cohortKeys.map((k) => licenseOfKey(ctx, k))) : target,
      users: 0,
      sample: [],
      group: { kind: 'new', displayName: '' },
    };
  }
  // A merge moves the profile's users into a larger set of products: only when nobody loses a service.
  const merged = keysOf(target) !== keysOf(found.licenses);
  if (merged && !mergeGains(found.licenses, target, allSkus))
    throw bad(
      `The users of profile ${found.key} would lose a service with ${target.map((l) => l.skuPartNumber).join(' + ')}: merge refused. Migrate them into a group of their own.`,
    );
  const skus = await Promise.all(target.map((l) => resolveSku(ctx.graph, l.skuId)));
  const licenses: RunLicense[] = target.map((l, i) => ({
    skuId: l.skuId,
    skuPartNumber: l.skuPartNumber,
    ...(skus[i].displayName ? { displayName: skus[i].displayName } : {}),
    disabledPlans: [...l.disabledPlans],
  }));
  const first = target[0];
  const cohort: Cohort = {
    key: found.key,
    skuId: first.skuId,
    skuPartNumber: first.skuPartNumber,
    disabledPlans: [...first.disabledPlans],
    disabledPlanNames: [...first.disabledPlanNames],
    userIds: [],
  };
  const cohortKeys = merged ? found.licenses.map((l) => cohortKey(l.skuId, l.disabledPlans)).sort() : undefined;
  return { sku: skus[0], cohort, users: found.users, profile: { licenses, skus, ...(cohortKeys ? { cohortKeys } : {}) } };
}

/** The product a cohort key (skuId:plans) names, as the tenant describes it; refused when the tenant has no such SKU. */
async function licenseOfKey(ctx: EngineContext, key: string): Promise<ProfileLicense> {
  const { skuId, disabledPlans } = cohortKeyParts(key);
  if (!isGuid(skuId)) throw bad(`profile.cohortKeys: ${key.slice(0, 80)} is not skuId:plans.`);
  return licenseFor(await resolveSku(ctx.graph, skuId), disabledPlans);
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
  // A run of several products is checked product by product (units, plans, the group's license of each) for the same
  // cohort users; what is said about the group or its rule once is not said again.
  const out: PreflightFinding[] = [];
  const said = new Set<string>();
  const profile = isProfileRun(run) ? await profileCohort(ctx, run) : null;
  // A profile's users, the group's members among them and those the rule leaves out are the same for every product:
  // read once, not once per product.
  const profileMembers = profile && group ? await readMemberList(ctx.graph, group.id, new Map(profile.map((u) => [u.id, u]))) : null;
  let profileOutsiders: Map<string, UserLicenses> | undefined;
  for (const license of runLicenses(run)) {
    const sku = await resolveSku(ctx.graph, license.skuId);
    const plans = [...license.disabledPlans].sort().join(',');
    // Full data only for the run's own cohort; the other holders only count towards their cohorts.
    const read = profile ? null : await readCohorts(ctx.graph, sku, (u) => inRunCohort(run, u));
    const cohortUsers = profile ?? read!.kept;
    const found = read?.cohorts.find((c) => c.disabledPlans.join(',') === plans);
    const cohort: Cohort = {
      key: found?.key ?? `${license.skuId}:${plans}`,
      skuId: license.skuId,
      skuPartNumber: license.skuPartNumber,
      disabledPlans: license.disabledPlans,
      disabledPlanNames: found?.disabledPlanNames ?? [],
      // A profile's cohort is its users, not every holder of the product with these plans.
      userIds: profile ? profile.map((u) => u.id) : (found?.userIds ?? []),
    };
    const members = profileMembers ?? (group ? await readMemberList(ctx.graph, group.id, new Map(cohortUsers.map((u) => [u.id, u]))) : []);
    const outsiders = rule
      ? profile
        ? (profileOutsiders ??= await readOutsiders(ctx, rule, cohort, members))
        : await readOutsiders(ctx, rule, cohort, members)
      : undefined;
    const dynamic = rule && outsiders ? { rule, outsiders } : undefined;
    const findings = preflightFindings({
      sku,
      allSkus,
      cohort,
      // The other holders of a profile's products are other profiles, each with a run of its own.
      cohorts: read ? read.cohorts : [cohort],
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
  const extra = groupExtraFinding(
    group,
    runLicenses(run).map((l) => l.skuId),
    allSkus,
  );
  if (extra) out.push(extra);
  if (profile && run.cohortKeys?.length) out.push(mergeFinding(run, allSkus, profile.length));
  return out;
}

/** The users a profile run moves, read fresh: the holders of the cohort's first product whose direct licenses are the cohort's. */
async function profileCohort(ctx: EngineContext, run: Run): Promise<UserLicenses[]> {
  const first = cohortKeyParts(runCohortKeys(run)[0]).skuId;
  return (await readCohorts(ctx.graph, await resolveSku(ctx.graph, first), (u) => inRunCohort(run, u))).kept;
}

/** What the users of a merged profile gain in the larger profile's group (they lose nothing: createRun checked). */
function mergeFinding(run: Run, skus: readonly Sku[], users: number): PreflightFinding {
  const asProfile = (keys: { skuId: string; disabledPlans: string[] }[]) =>
    keys.map((k) => {
      const sku = skus.find((s) => s.skuId.toLowerCase() === k.skuId.toLowerCase());
      return {
        skuId: k.skuId,
        skuPartNumber: sku?.skuPartNumber ?? k.skuId,
        skuName: sku ? skuProductName(sku) : k.skuId,
        disabledPlans: k.disabledPlans,
        disabledPlanNames: k.disabledPlans,
      };
    });
  const from = asProfile(runCohortKeys(run).map(cohortKeyParts));
  const list = mergeGains(from, asProfile(runLicenses(run)), skus) ?? [];
  const gains = list.map((g) => (g.wholeProduct ? `all of ${g.skuName}` : `${g.plans.join(', ')} in ${g.skuName}`)).join('; ');
  // The journal's sentence names products by part number; cards by name (the values).
  const partNumbers = runLicenses(run)
    .map((l) => l.skuPartNumber)
    .join(' + ');
  const products = runProductNames(run);
  return {
    code: 'mergeGain',
    severity: 'warning',
    message: `${users} user(s) of another license profile join the group of ${partNumbers} and gain ${gains} as soon as the bot adds them to the group; nobody loses a service.`,
    fix: 'Confirming the pre-flight accepts the gain (plans within a product they hold are still accepted on each batch card). If it is not intended, cancel this run and migrate the profile into a group of its own.',
    count: users,
    // The gains as data, so each language words them (see findingText).
    about: { variant: 'mergeGain', values: { count: users, products, gains, gainList: JSON.stringify(list) } },
  };
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
