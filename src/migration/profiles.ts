import type { LicensingGraph } from '../graph/licensingGraph';
import type { GroupInfo, Sku, UserLicenses } from '../graph/types';
import { directAssignment } from './cohorts';
import { enabledPlans, planName } from './effectivePlans';
import { readRetry } from './readRetry';
import { byName } from './firstByName';
import { isDynamicGroup } from './dynamicRule';
import { skuProductName } from './skuNames';
import type { Cohort } from './types';

/** One product of a profile: the SKU and the plans the direct assignment switches off. */
export interface ProfileLicense {
  skuId: string;
  skuPartNumber: string;
  /** The product's name as admins know it (see skuProductName). */
  skuName: string;
  /** Sorted ids. */
  disabledPlans: string[];
  disabledPlanNames: string[];
}

/** Where a profile's users would get their licenses from. */
export type ProfileGroup = { kind: 'existing'; groupId: string; displayName: string } | { kind: 'new'; displayName: string };

/** Users who hold exactly the same set of (SKU, disabled plans) directly. */
export interface LicenseProfile {
  key: string;
  licenses: ProfileLicense[];
  users: number;
  /** The first few users by name. */
  sample: string[];
  group: ProfileGroup;
}

/** A smaller profile that can join a larger one's group without anyone losing a service; only gains are listed. */
export interface ProfileMerge {
  from: string;
  into: string;
  users: number;
  gains: { skuName: string; plans: string[]; wholeProduct: boolean }[];
}

export interface TenantLicensePlan {
  profiles: LicenseProfile[];
  merges: ProfileMerge[];
  /** Users holding at least one product directly. */
  directHolders: number;
  /** The user products that were read. */
  skus: number;
}

const SAMPLE = 5;
const MAX_GROUP_NAME = 256;

/**
 * Reads every subscribed user SKU's holders and groups the direct holders by their whole direct license set
 * (their profile), proposes a licensing group per profile (an existing security group that assigns exactly that set,
 * else a new name) and the merges that lose nobody a service.
 */
export async function planTenantLicenses(graph: LicensingGraph, groups: readonly GroupInfo[]): Promise<TenantLicensePlan> {
  const skus = (await readRetry(() => graph.listSkus())).filter((s) => !s.appliesTo || s.appliesTo === 'User');
  // Per user: their profile's key and their name; one short string each, so a large tenant stays in bounds.
  const holders = new Map<string, { key: string; upn: string }>();
  const licensesOf = new Map<string, ProfileLicense[]>();
  for (const sku of skus) {
    // A page read again after a transient failure takes its users again, the same.
    await readRetry(() =>
      profilesOfPass(graph, sku, skus, (user, profile) => {
        if (!licensesOf.has(profile.key)) licensesOf.set(profile.key, profile.licenses);
        holders.set(user.id, { key: profile.key, upn: user.userPrincipalName });
      }),
    );
  }
  const byKey = new Map<string, { users: number; sample: string[] }>();
  for (const { key, upn } of holders.values()) {
    const entry = byKey.get(key) ?? { users: 0, sample: [] };
    entry.users++;
    entry.sample.push(upn);
    if (entry.sample.length > SAMPLE * 4) entry.sample = entry.sample.sort(byName).slice(0, SAMPLE);
    byKey.set(key, entry);
  }
  const used = new Set<string>();
  const profiles = [...byKey.entries()]
    .map(([key, e]) => ({
      key,
      licenses: licensesOf.get(key)!,
      users: e.users,
      sample: e.sample.sort(byName).slice(0, SAMPLE),
    }))
    .sort((a, b) => b.users - a.users || a.key.localeCompare(b.key))
    .map((p) => ({ ...p, group: proposeGroup(p.licenses, groups, used) }));
  return { profiles, merges: safeMerges(profiles, skus), directHolders: holders.size, skus: skus.length };
}

/**
 * One user's profile, keyed exactly as planTenantLicenses keys it, from a single read of the user (which carries
 * every assignment state): lets a caller count profiles a page at a time without holding every user. `skus`: the
 * tenant's subscribed SKUs as listSkus returns them; null when the user holds no user SKU directly.
 */
export function profileOf(user: UserLicenses, skus: readonly Sku[]): { key: string; licenses: ProfileLicense[] } | null {
  const parts: string[] = [];
  const licenses: ProfileLicense[] = [];
  for (const [index, sku] of skus.filter((s) => !s.appliesTo || s.appliesTo === 'User').entries()) {
    const direct = directAssignment(user, sku.skuId);
    if (!direct) continue;
    parts.push(
      `${index}:${[...direct.disabledPlans]
        .map((p) => p.toLowerCase())
        .sort()
        .join(',')}`,
    );
    licenses.push(licenseFor(sku, direct.disabledPlans));
  }
  return parts.length ? { key: parts.join('|'), licenses } : null;
}

/**
 * One pass of a tenant read a SKU at a time: each holder of the SKU whose profile starts with it, with that profile.
 * Each read of a user carries all their assignment states, so a pass per user SKU takes every direct holder once.
 */
export async function profilesOfPass(
  graph: LicensingGraph,
  sku: Sku,
  skus: readonly Sku[],
  take: (user: UserLicenses, profile: { key: string; licenses: ProfileLicense[] }) => void,
): Promise<void> {
  for await (const page of graph.usersWithSku(sku.skuId)) {
    for (const user of page) {
      const profile = profileOf(user, skus);
      if (profile && profile.licenses[0].skuId === sku.skuId) take(user, profile);
    }
  }
}

/**
 * A licensing group per cohort of one SKU (one service set each): an existing plain security group that assigns
 * exactly the SKU with the cohort's disabled plans, else a new name that collides with nothing. Keyed by cohort key.
 */
export function proposeCohortGroups(
  sku: Sku,
  cohorts: readonly Pick<Cohort, 'key' | 'disabledPlans'>[],
  groups: readonly GroupInfo[],
): Map<string, ProfileGroup> {
  const used = new Set<string>();
  return new Map(cohorts.map((c) => [c.key, proposeGroup([licenseFor(sku, c.disabledPlans)], groups, used)]));
}

/** A profile's product as the tenant describes it: names of the SKU and of its disabled plans. */
export function licenseFor(sku: Sku, disabled: readonly string[]): ProfileLicense {
  const disabledPlans = [...disabled].sort();
  return {
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    skuName: skuProductName(sku),
    disabledPlans,
    disabledPlanNames: disabledPlans.map((id) => planName(sku, id)),
  };
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.some((y) => y.toLowerCase() === x.toLowerCase()));

/** Whether the group assigns exactly these products with exactly these disabled plans. */
export function assignsExactly(group: GroupInfo, licenses: readonly ProfileLicense[]): boolean {
  if (group.assignedLicenses.length !== licenses.length) return false;
  return licenses.every((l) => {
    const g = group.assignedLicenses.find((a) => a.skuId.toLowerCase() === l.skuId.toLowerCase());
    return !!g && sameIds(g.disabledPlans ?? [], l.disabledPlans);
  });
}

/** The name proposed for a new licensing group: its products, and the plans it leaves out ("License – Office 365 E3"). */
export function licenseGroupName(productNames: readonly string[], withoutPlans: readonly string[] = []): string {
  return `License – ${productNames.join(' + ')}${withoutPlans.length ? ` (without ${withoutPlans.join(', ')})` : ''}`;
}

/**
 * An existing plain security group (assigned membership, not mail-enabled) that already carries exactly the profile's
 * licenses, else a new group named after the products ("License – Office 365 E3 + EMS E3", with the plans it leaves
 * out), unique among the proposals and the tenant's groups.
 */
function proposeGroup(licenses: readonly ProfileLicense[], groups: readonly GroupInfo[], used: Set<string>): ProfileGroup {
  const existing = groups
    .filter(
      (g) => g.securityEnabled && !g.mailEnabled && !isDynamicGroup(g) && !used.has(g.id.toLowerCase()) && assignsExactly(g, licenses),
    )
    .sort((a, b) => byName(a.displayName, b.displayName))[0];
  if (existing) {
    used.add(existing.id.toLowerCase());
    return { kind: 'existing', groupId: existing.id, displayName: existing.displayName };
  }
  const base = licenseGroupName(
    licenses.map((l) => l.skuName),
    licenses.flatMap((l) => l.disabledPlanNames),
  );
  const taken = (name: string) =>
    used.has(`name:${name.toLowerCase()}`) || groups.some((g) => g.displayName.toLowerCase() === name.toLowerCase());
  let name = base.slice(0, MAX_GROUP_NAME);
  for (let n = 2; taken(name); n++) name = `${base.slice(0, MAX_GROUP_NAME - 6)} · ${n}`;
  used.add(`name:${name.toLowerCase()}`);
  return { kind: 'new', displayName: name };
}

/**
 * For each profile, the larger profile whose group would give its users every service they have now, with the
 * fewest gains: every product of the smaller profile is in the larger one with no more plans switched off.
 */
export function safeMerges(profiles: readonly Pick<LicenseProfile, 'key' | 'licenses' | 'users'>[], skus: readonly Sku[]): ProfileMerge[] {
  const out: ProfileMerge[] = [];
  for (const small of profiles) {
    let best: ProfileMerge | null = null;
    let bestSize = Infinity;
    for (const large of profiles) {
      if (large === small || large.users <= small.users) continue;
      const gains = mergeGains(small.licenses, large.licenses, skus);
      if (!gains) continue;
      const size = gains.reduce((n, g) => n + g.plans.length, 0);
      if (size < bestSize) {
        best = { from: small.key, into: large.key, users: small.users, gains };
        bestSize = size;
      }
    }
    if (best) out.push(best);
  }
  return out;
}

/** What the users of `from` would gain under `into`'s licenses, or null when they would lose anything (or gain nothing). */
export function mergeGains(
  from: readonly ProfileLicense[],
  into: readonly ProfileLicense[],
  skus: readonly Sku[],
): ProfileMerge['gains'] | null {
  for (const f of from) {
    const i = into.find((l) => l.skuId === f.skuId);
    if (!i || !i.disabledPlans.every((p) => f.disabledPlans.includes(p))) return null;
  }
  const gains: ProfileMerge['gains'] = [];
  for (const i of into) {
    const sku = skus.find((s) => s.skuId === i.skuId);
    const f = from.find((l) => l.skuId === i.skuId);
    if (!f) {
      gains.push({
        skuName: i.skuName,
        plans: sku ? [...enabledPlans(sku, i.disabledPlans)].map((id) => planName(sku, id)) : [],
        wholeProduct: true,
      });
      continue;
    }
    const plans = f.disabledPlans.filter((p) => !i.disabledPlans.includes(p));
    if (plans.length) gains.push({ skuName: i.skuName, plans: plans.map((id) => (sku ? planName(sku, id) : id)), wholeProduct: false });
  }
  return gains.length ? gains : null;
}
