import { badRequest, notFound } from './errors';
import { isDynamic, type ChangeContext, type Path, type Tenant } from './tenant';
import { PATCHABLE_USER_PROPERTIES, userPatchSchema, type UserPatch } from './userAttributes';

const USER_HOOK: ChangeContext = { actor: 'automation', cause: 'test hook /_sim/users/{id}/mutate', clientCaused: false };
const GROUP_HOOK: ChangeContext = { actor: 'automation', cause: 'test hook /_sim/groups/{id}/mutate (another admin)', clientCaused: false };
/** Directory attributes someone else (HR sync, another admin) may change, with PATCH /users/{id}'s validation. */
const ATTRIBUTE_MUTATIONS = PATCHABLE_USER_PROPERTIES.filter((k) => k !== 'displayName');
const USER_MUTATIONS = ['removeFromGroup', 'addToGroup', 'setDirect', 'removeDirect', 'proxyConflict', ...ATTRIBUTE_MUTATIONS];

/** A change validated now and applied when called; a bad request throws before anything changes. */
export type PreparedChange = () => unknown;

function object(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('A JSON object body is required.');
  return body as Record<string, unknown>;
}

/**
 * A change of one user that bypasses Graph's rules (what the legacy automation or another admin does).
 * Group membership changes trigger processing like Graph.
 */
export function prepareUserMutation(t: Tenant, id: string, body: unknown): PreparedChange {
  const b = object(body);
  const u = t.requireUser(id);
  const unknown = Object.keys(b).filter((k) => !USER_MUTATIONS.includes(k));
  if (unknown.length) throw badRequest(`Unknown mutation '${unknown[0]}'; supported: ${USER_MUTATIONS.join(', ')}.`);
  const attributes = userPatchSchema.safeParse(Object.fromEntries(Object.entries(b).filter(([k]) => ATTRIBUTE_MUTATIONS.includes(k))));
  if (!attributes.success) {
    const issue = attributes.error.issues[0];
    throw badRequest(`'${String(issue.path.join('.'))}': ${issue.message}.`);
  }
  const patch: UserPatch = attributes.data;
  const removeFrom = b.removeFromGroup === undefined ? null : t.requireGroup(String(b.removeFromGroup));
  if (removeFrom && !removeFrom.members.has(u.id)) throw badRequest(`User ${u.id} is not a member of group ${removeFrom.id}.`);
  const addTo = b.addToGroup === undefined ? null : t.requireGroup(String(b.addToGroup));
  for (const g of [removeFrom, addTo])
    if (g && isDynamic(g))
      throw badRequest(`Group ${g.id} has dynamic membership: change the attributes its rule reads instead of its members.`);
  let direct: { skuId: string; disabledPlans: string[] } | null = null;
  if (b.setDirect !== undefined) {
    const d = b.setDirect as { skuId?: unknown; disabledPlans?: unknown } | null;
    if (!d || typeof d.skuId !== 'string' || !t.skus.has(d.skuId.toLowerCase())) throw badRequest("'setDirect' needs a known skuId.");
    const plans = (d.disabledPlans ?? []) as unknown[];
    if (!Array.isArray(plans) || plans.some((p) => typeof p !== 'string'))
      throw badRequest("'setDirect.disabledPlans' must be an array of plan ids.");
    direct = { skuId: d.skuId.toLowerCase(), disabledPlans: plans.map((p) => String(p).toLowerCase()) };
  }
  const removeDirect = b.removeDirect === undefined ? null : String(b.removeDirect).toLowerCase();
  if (removeDirect && !u.paths.some((p) => p.skuId === removeDirect && p.assignedByGroup === null))
    throw badRequest(`User has no direct assignment of ${removeDirect}.`);
  if ('proxyConflict' in b && typeof b.proxyConflict !== 'boolean') throw badRequest("'proxyConflict' must be a boolean.");

  return () => {
    t.updateUser(u, patch, USER_HOOK);
    if (typeof b.proxyConflict === 'boolean') u.proxyConflict = b.proxyConflict;
    if (direct || removeDirect) {
      const stamp = new Date().toISOString();
      t.changePaths(u, USER_HOOK, (paths) => {
        let next = paths.filter((p) => !(p.assignedByGroup === null && (p.skuId === removeDirect || p.skuId === direct?.skuId)));
        if (direct)
          next = next.concat([{ ...direct, assignedByGroup: null, state: 'Active', error: 'None', lastUpdatedDateTime: stamp } as Path]);
        return next;
      });
    }
    // Applied later (a trigger), the membership may have changed meanwhile: only what still applies is done.
    if (removeFrom && removeFrom.members.has(u.id)) t.removeMember(removeFrom, u.id, USER_HOOK);
    if (addTo && !addTo.members.has(u.id)) t.addMembers(addTo, [u.id], USER_HOOK, false);
    return {
      id: u.id,
      usageLocation: u.usageLocation,
      memberOf: [...u.memberOf],
      proxyConflict: u.proxyConflict,
      accountEnabled: u.accountEnabled,
      attributes: u.attributes,
    };
  };
}

/** A change of a group's licenses made outside this client (another admin), with Graph's own validation. */
export function prepareGroupMutation(t: Tenant, id: string, body: unknown): PreparedChange {
  const b = object(body);
  const g = t.requireGroup(id);
  const unknown = Object.keys(b).filter((k) => k !== 'assignLicense');
  if (unknown.length || !('assignLicense' in b))
    throw badRequest(`Unknown group mutation '${unknown[0] ?? '(none)'}'; supported: assignLicense ({addLicenses, removeLicenses}).`);
  const license = object(b.assignLicense);
  if (!Array.isArray(license.addLicenses) || !Array.isArray(license.removeLicenses))
    throw badRequest("'assignLicense' needs addLicenses and removeLicenses arrays.");
  return () => {
    t.assignGroupLicense(g, license, GROUP_HOOK);
    return { id: g.id, assignedLicenses: g.assignedLicenses, licenseProcessingState: g.processingState };
  };
}

const UNIT_KINDS = ['enabled', 'warning', 'suspended', 'lockedOut'] as const;

/**
 * The tenant's units of a SKU change (a purchase, a cancellation, a trial running out): `{prepaidUnits: {enabled?,
 * warning?, suspended?, lockedOut?}}`, whole numbers ≥ 0. As in Entra, users in CountViolation stay in error until
 * their license is processed again (a reprocess, a membership or group license change).
 */
export function prepareSkuMutation(t: Tenant, id: string, body: unknown): PreparedChange {
  const b = object(body);
  const sku = t.skus.get(String(id).toLowerCase());
  if (!sku) throw notFound(String(id).slice(0, 64));
  const unknown = Object.keys(b).filter((k) => k !== 'prepaidUnits');
  if (unknown.length || !('prepaidUnits' in b))
    throw badRequest(`Unknown SKU mutation '${unknown[0] ?? '(none)'}'; supported: prepaidUnits ({${UNIT_KINDS.join(', ')}}).`);
  const units = object(b.prepaidUnits);
  const extra = Object.keys(units).filter((k) => !(UNIT_KINDS as readonly string[]).includes(k));
  if (extra.length) throw badRequest(`Unknown unit kind '${extra[0]}'; supported: ${UNIT_KINDS.join(', ')}.`);
  for (const [k, v] of Object.entries(units))
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 10_000_000)
      throw badRequest(`'prepaidUnits.${k}' must be a whole number from 0 to 10000000.`);
  return () => {
    Object.assign(sku.prepaidUnits, units);
    return { skuId: sku.skuId, prepaidUnits: { ...sku.prepaidUnits }, consumedUnits: t.consumed(sku) };
  };
}
