import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseMembershipRule, RuleError } from '../common/membershipRule';
import { directoryAttributes, fixtureAttributesShape, type DirectoryAttributes } from './userAttributes';

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as US');

const assignedLicense = z.object({ skuId: guid, disabledPlans: z.array(guid).default([]) }).strict();

const throttleSchema = z
  .object({
    requestsPerSecond: z.number().min(1).nullable().optional(),
    writeRequestsPerSecond: z.number().min(1).nullable().optional(),
    // Extension of the shared schema (run-time control plane mostly): Graph's documented write quota.
    preset: z.enum(['graph-documented']).nullable().optional(),
  })
  .strict();

const faultsSchema = z
  .object({
    rate429: z.number().min(0).max(1).default(0),
    rate503: z.number().min(0).max(1).default(0),
    rateTimeout: z.number().min(0).max(1).default(0),
  })
  .strict();

export const behaviourSchema = z
  .object({
    groupProcessingDelayMs: z.number().int().min(0).default(2000),
    groupProcessingUsersPerSecond: z.number().min(1).nullable().optional(),
    // Extension of the shared schema (run-time control plane and startSimulator): dynamic membership processing
    // time; null or absent means the same as groupProcessingDelayMs.
    membershipProcessingDelayMs: z.number().int().min(0).nullable().optional(),
    latencyMs: z.number().int().min(0).default(0),
    throttle: throttleSchema.default({}),
    faults: faultsSchema.default({ rate429: 0, rate503: 0, rateTimeout: 0 }),
    auditLogDelayMs: z.number().int().min(0).default(0),
  })
  .strict();

export const fixtureSchema = z
  .object({
    tenant: z
      .object({ id: guid, displayName: z.string(), defaultUsageLocation: country.optional(), domain: z.string().optional() })
      .strict(),
    skus: z
      .array(
        z
          .object({
            skuId: guid,
            skuPartNumber: z.string(),
            displayName: z.string().optional(),
            prepaidUnits: z
              .object({
                enabled: z.number().int().min(0),
                suspended: z.number().int().min(0).default(0),
                warning: z.number().int().min(0).default(0),
                lockedOut: z.number().int().min(0).default(0),
              })
              .strict(),
            servicePlans: z
              .array(
                z
                  .object({
                    servicePlanId: guid,
                    servicePlanName: z.string(),
                    appliesTo: z.enum(['User', 'Company']).default('User'),
                    dependsOn: z.array(guid).optional(),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .min(1),
    mutuallyExclusivePlans: z.array(z.tuple([guid, guid])).default([]),
    usageLocationRestrictions: z.record(guid, z.array(country)).default({}),
    groups: z
      .array(
        z
          .object({
            id: guid,
            displayName: z.string(),
            securityEnabled: z.boolean().default(true),
            mailEnabled: z.boolean().default(false),
            groupTypes: z.array(z.enum(['Unified', 'DynamicMembership'])).default([]),
            membershipRule: z.string().nullable().default(null),
            assignedLicenses: z.array(assignedLicense).default([]),
            members: z.array(guid).default([]),
            allGeneratedUsersAreMembers: z.boolean().default(false),
          })
          .strict(),
      )
      .default([]),
    users: z
      .array(
        z
          .object({
            id: guid,
            userPrincipalName: z.string().min(1),
            displayName: z.string().optional(),
            usageLocation: country.nullable().optional(),
            accountEnabled: z.boolean().default(true),
            ...fixtureAttributesShape,
            assignedLicenses: z.array(assignedLicense).default([]),
          })
          .strict(),
      )
      .default([]),
    generate: z
      .object({
        users: z.number().int().min(0).max(1_000_000),
        seed: z.number().int().default(1),
        directLicenses: z.array(assignedLicense).optional(),
        disabledPlanVariants: z
          .array(z.object({ skuId: guid, disabledPlans: z.array(guid), fraction: z.number().min(0).max(1) }).strict())
          .default([]),
        missingUsageLocationFraction: z.number().min(0).max(1).default(0),
        usageLocations: z.array(country).min(1).default(['US']),
        disabledAccountFraction: z.number().min(0).max(1).default(0),
      })
      .strict()
      .optional(),
    automation: z
      .object({
        intervalMs: z.number().int().min(10).optional(),
        joinersPerTick: z.number().int().min(0).default(0),
        leaversPerTick: z.number().int().min(0).default(0),
        license: assignedLicense.optional(),
      })
      .strict()
      .optional(),
    behaviour: behaviourSchema.default(behaviourSchema.parse({})),
  })
  .strict();

export type ParsedFixture = z.infer<typeof fixtureSchema>;
export type Behaviour = z.infer<typeof behaviourSchema>;
export type AssignedLicense = { skuId: string; disabledPlans: string[] };

export interface FixtureUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  usageLocation: string | null;
  accountEnabled: boolean;
  attributes: DirectoryAttributes;
  assignedLicenses: AssignedLicense[];
}

/** A fixture after validation, defaults and `generate` expansion: every user listed explicitly. */
export type TenantFixture = Omit<ParsedFixture, 'users' | 'generate'> & { users: FixtureUser[] };

/** An invalid fixture; `path` names the bad field, e.g. `users[3].usageLocation`. */
export class FixtureError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'FixtureError';
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** Deterministic PRNG so a seed always yields the same tenant. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Id of the n-th (1-based) generated user for a seed; stable so tests and benchmarks can address users. */
export function generatedUserId(seed: number, n: number): string {
  return `${(seed >>> 0).toString(16).padStart(8, '0')}-6e6e-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function expandGenerated(f: ParsedFixture): FixtureUser[] {
  const g = f.generate;
  if (!g) return [];
  const rng = mulberry32(g.seed);
  const domain = f.tenant.domain ?? 'contoso.onmicrosoft.com';
  const bySku = new Map<string, { disabledPlans: string[]; fraction: number }[]>();
  for (const v of g.disabledPlanVariants) {
    const list = bySku.get(v.skuId) ?? [];
    list.push(v);
    bySku.set(v.skuId, list);
  }
  const out: FixtureUser[] = new Array(g.users);
  for (let i = 0; i < g.users; i++) {
    const n = i + 1;
    const usageLocation = rng() < g.missingUsageLocationFraction ? null : g.usageLocations[Math.floor(rng() * g.usageLocations.length)];
    const accountEnabled = !(rng() < g.disabledAccountFraction);
    const assignedLicenses = (g.directLicenses ?? []).map((l) => {
      const variants = bySku.get(l.skuId);
      let disabledPlans = l.disabledPlans;
      if (variants) {
        const r = rng();
        let cum = 0;
        for (const v of variants) {
          cum += v.fraction;
          if (r < cum) {
            disabledPlans = v.disabledPlans;
            break;
          }
        }
      }
      return { skuId: l.skuId, disabledPlans: [...disabledPlans] };
    });
    const userPrincipalName = `user${String(n).padStart(6, '0')}@${domain}`;
    out[i] = {
      id: generatedUserId(g.seed, n),
      userPrincipalName,
      displayName: `Generated User ${n}`,
      usageLocation,
      accountEnabled,
      attributes: directoryAttributes(userPrincipalName),
      assignedLicenses,
    };
  }
  return out;
}

function checkReferences(f: ParsedFixture, users: FixtureUser[]): void {
  const plansBySku = new Map(f.skus.map((s) => [s.skuId.toLowerCase(), new Set(s.servicePlans.map((p) => p.servicePlanId.toLowerCase()))]));
  const allPlans = new Set(f.skus.flatMap((s) => s.servicePlans.map((p) => p.servicePlanId.toLowerCase())));
  const checkLicense = (l: AssignedLicense, path: string) => {
    const plans = plansBySku.get(l.skuId.toLowerCase());
    if (!plans) throw new FixtureError(`${path}.skuId`, `unknown SKU ${l.skuId} (not in skus)`);
    l.disabledPlans.forEach((p, k) => {
      if (!plans.has(p.toLowerCase()))
        throw new FixtureError(`${path}.disabledPlans[${k}]`, `service plan ${p} is not part of SKU ${l.skuId}`);
    });
  };
  const skuIds = new Set<string>();
  f.skus.forEach((s, i) => {
    if (skuIds.has(s.skuId.toLowerCase())) throw new FixtureError(`skus[${i}].skuId`, `duplicate skuId ${s.skuId}`);
    skuIds.add(s.skuId.toLowerCase());
    s.servicePlans.forEach((p, j) =>
      (p.dependsOn ?? []).forEach((d, k) => {
        if (!allPlans.has(d.toLowerCase()))
          throw new FixtureError(`skus[${i}].servicePlans[${j}].dependsOn[${k}]`, `unknown service plan ${d}`);
      }),
    );
  });
  const ids = new Set<string>();
  const upns = new Set<string>();
  users.forEach((u, i) => {
    const path = i < f.users.length ? `users[${i}]` : `generate (user ${i - f.users.length + 1})`;
    if (ids.has(u.id.toLowerCase())) throw new FixtureError(`${path}.id`, `duplicate user id ${u.id}`);
    if (upns.has(u.userPrincipalName.toLowerCase()))
      throw new FixtureError(`${path}.userPrincipalName`, `duplicate userPrincipalName ${u.userPrincipalName}`);
    ids.add(u.id.toLowerCase());
    upns.add(u.userPrincipalName.toLowerCase());
    const seen = new Set<string>();
    u.assignedLicenses.forEach((l, j) => {
      checkLicense(l, `${path}.assignedLicenses[${j}]`);
      if (seen.has(l.skuId.toLowerCase())) throw new FixtureError(`${path}.assignedLicenses[${j}].skuId`, `SKU ${l.skuId} assigned twice`);
      seen.add(l.skuId.toLowerCase());
    });
  });
  const groupIds = new Set<string>();
  f.groups.forEach((g, i) => {
    if (ids.has(g.id.toLowerCase()) || groupIds.has(g.id.toLowerCase()))
      throw new FixtureError(`groups[${i}].id`, `duplicate object id ${g.id}`);
    groupIds.add(g.id.toLowerCase());
  });
  f.groups.forEach((g, i) => {
    checkMembershipRule(g, i);
    g.assignedLicenses.forEach((l, j) => checkLicense(l, `groups[${i}].assignedLicenses[${j}]`));
    g.members.forEach((m, j) => {
      if (!ids.has(m.toLowerCase()) && !groupIds.has(m.toLowerCase()))
        throw new FixtureError(`groups[${i}].members[${j}]`, `no user or group with id ${m}`);
    });
  });
  f.mutuallyExclusivePlans.forEach((pair, i) =>
    pair.forEach((p, k) => {
      if (!allPlans.has(p.toLowerCase())) throw new FixtureError(`mutuallyExclusivePlans[${i}][${k}]`, `unknown service plan ${p}`);
    }),
  );
  if (f.generate?.directLicenses) f.generate.directLicenses.forEach((l, j) => checkLicense(l, `generate.directLicenses[${j}]`));
  if (f.automation?.license) checkLicense(f.automation.license, 'automation.license');
}

/**
 * A dynamic group's members are what its rule matches, computed by the simulator: the rule must be in the
 * simulator's subset, and listing members by hand would state a second, possibly contradicting truth.
 */
function checkMembershipRule(g: ParsedFixture['groups'][number], i: number): void {
  const dynamic = g.groupTypes.includes('DynamicMembership');
  if (!dynamic) {
    if (g.membershipRule !== null)
      throw new FixtureError(
        `groups[${i}].membershipRule`,
        'only a group whose groupTypes contain DynamicMembership has a membership rule',
      );
    return;
  }
  if (g.membershipRule === null)
    throw new FixtureError(`groups[${i}].membershipRule`, 'a group whose groupTypes contain DynamicMembership needs a membership rule');
  try {
    parseMembershipRule(g.membershipRule);
  } catch (e) {
    if (e instanceof RuleError) throw new FixtureError(`groups[${i}].membershipRule`, e.message);
    throw e;
  }
  if (g.members.length)
    throw new FixtureError(
      `groups[${i}].members`,
      "a dynamic group's members follow its membershipRule; list none and give the users the attributes the rule reads",
    );
  if (g.allGeneratedUsersAreMembers)
    throw new FixtureError(`groups[${i}].allGeneratedUsersAreMembers`, "a dynamic group's members follow its membershipRule");
}

/** Validates a fixture (path or parsed object), applies defaults and expands `generate`. Throws FixtureError. */
export function loadFixture(pathOrObject: string | object): TenantFixture {
  let raw: unknown = pathOrObject;
  if (typeof pathOrObject === 'string') {
    let text: string;
    try {
      text = readFileSync(pathOrObject, 'utf8');
    } catch (e) {
      throw new FixtureError('', `cannot read fixture file ${pathOrObject}: ${(e as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new FixtureError('', `fixture file ${pathOrObject} is not valid JSON: ${(e as Error).message}`);
    }
  }
  const parsed = fixtureSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FixtureError(formatPath(issue.path) || '(root)', issue.message);
  }
  const f = parsed.data;
  const users: FixtureUser[] = [
    ...f.users.map((u) => ({
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName ?? u.userPrincipalName.split('@')[0],
      usageLocation: u.usageLocation ?? null,
      accountEnabled: u.accountEnabled,
      attributes: directoryAttributes(u.userPrincipalName, u),
      assignedLicenses: u.assignedLicenses,
    })),
    ...expandGenerated(f),
  ];
  checkReferences(f, users);
  const { generate: _generate, users: _users, ...rest } = f;
  return { ...rest, users };
}

/** Merges a partial behaviour (control plane / overrides) into the current one, validating the result. */
export function mergeBehaviour(current: Behaviour, patch: unknown): Behaviour {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new FixtureError('behaviour', 'must be an object');
  const p = patch as Record<string, unknown>;
  const merged = {
    ...current,
    ...p,
    throttle: { ...current.throttle, ...((p.throttle as object) ?? {}) },
    faults: { ...current.faults, ...((p.faults as object) ?? {}) },
  };
  const r = behaviourSchema.safeParse(merged);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new FixtureError(formatPath(['behaviour', ...issue.path]), issue.message);
  }
  return r.data;
}
