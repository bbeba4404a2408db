import { badRequest, type SimResponse } from './errors';
import { assignedLicenses, effectivePlans } from './licensing';
import { encodeSkipToken, filterProperties, matches, type Query, type Resolver } from './odata';
import { isDynamic, type SimGroup, type SimSku, type SimUser, type Tenant } from './tenant';
import type { SimRequest } from './types';

export const USER_PROPS = [
  'id',
  'userPrincipalName',
  'displayName',
  'usageLocation',
  'accountEnabled',
  'assignedLicenses',
  'licenseAssignmentStates',
  'assignedPlans',
  'mail',
  'givenName',
  'surname',
  'jobTitle',
  'businessPhones',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'createdDateTime',
  'userType',
  'department',
  'companyName',
  'country',
  'city',
  'employeeId',
  'onPremisesExtensionAttributes',
];
export const USER_DEFAULT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
export const GROUP_PROPS = [
  'id',
  'displayName',
  'description',
  'securityEnabled',
  'mailEnabled',
  'mailNickname',
  'mail',
  'groupTypes',
  'membershipRule',
  'membershipRuleProcessingState',
  'createdDateTime',
  'assignedLicenses',
  'licenseProcessingState',
  'hasMembersWithLicenseErrors',
];
/** Beta adds the processing status of a dynamic group, which v1.0 does not have. */
export const BETA_GROUP_PROPS = [...GROUP_PROPS, 'membershipRuleProcessingStatus'];
/** The group properties a request may $select, by the Graph version it was sent to. */
export const groupProps = (req: { version?: 'v1.0' | 'beta' }) => (req.version === 'beta' ? BETA_GROUP_PROPS : GROUP_PROPS);
export const GROUP_DEFAULT = [
  'id',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'securityEnabled',
];

export const ok = (body: unknown, status = 200, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: {
    'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    ...headers,
  },
  body,
});
export const noContent = (): SimResponse => ({ status: 204, headers: {} });

export function userResolver(tenant: Tenant): Resolver<SimUser> {
  return (u, prop) => {
    switch (prop) {
      case 'id':
        return u.id;
      case 'userPrincipalName':
        return u.userPrincipalName;
      case 'displayName':
        return u.displayName;
      case 'usageLocation':
        return u.usageLocation;
      case 'accountEnabled':
        return u.accountEnabled;
      case 'mail':
      case 'jobTitle':
      case 'department':
      case 'companyName':
      case 'country':
      case 'city':
      case 'employeeId':
      case 'userType':
        return u.attributes[prop];
      case 'onPremisesExtensionAttributes':
        return { ...u.attributes.extensionAttributes };
      case 'givenName':
        return u.displayName.split(' ')[0] ?? null;
      case 'surname':
        return u.displayName.split(' ').slice(1).join(' ') || null;
      case 'businessPhones':
        return [];
      case 'createdDateTime':
        return u.createdDateTime;
      case 'assignedLicenses':
        return assignedLicenses(tenant, u);
      case 'licenseAssignmentStates':
        return u.paths.map((p) => ({
          assignedByGroup: p.assignedByGroup,
          disabledPlans: [...p.disabledPlans],
          error: p.error,
          lastUpdatedDateTime: p.lastUpdatedDateTime,
          skuId: p.skuId,
          state: p.state,
        }));
      case 'assignedPlans': {
        const out: unknown[] = [];
        for (const [, plans] of effectivePlans(tenant, u.paths))
          for (const id of plans)
            out.push({
              assignedDateTime: u.createdDateTime,
              capabilityStatus: 'Enabled',
              service: tenant.planIndex.get(id)?.plan.servicePlanName ?? '',
              servicePlanId: id,
            });
        return out;
      }
      default:
        return null;
    }
  };
}

export function groupResolver(): Resolver<SimGroup> {
  return (g, prop) => {
    switch (prop) {
      case 'assignedLicenses':
        return g.assignedLicenses.map((l) => ({ disabledPlans: [...l.disabledPlans], skuId: l.skuId }));
      case 'licenseProcessingState':
        return { state: g.processingState };
      case 'hasMembersWithLicenseErrors':
        return g.errorMembers.size > 0;
      case 'mail':
        return g.mailEnabled ? `${g.mailNickname}@contoso.example` : null;
      case 'membershipRuleProcessingState':
        return isDynamic(g) ? g.ruleProcessingState : null;
      case 'membershipRuleProcessingStatus':
        return isDynamic(g)
          ? { status: g.ruleStatus.status, lastMembershipUpdated: g.ruleStatus.lastMembershipUpdated, errorMessage: null }
          : null;
      default:
        return (g as unknown as Record<string, unknown>)[prop] ?? null;
    }
  };
}

export function checkSelect(select: string[] | null, known: string[], type: string): void {
  for (const s of select ?? [])
    if (!known.includes(s))
      throw badRequest(`Could not find a property named '${s}' on type 'microsoft.graph.${type}'.`, 'Request_BadRequest');
}

export function checkFilterProps(q: Query, known: string[], type: string): void {
  if (!q.filter) return;
  for (const p of filterProperties(q.filter))
    if (!known.includes(p))
      throw badRequest(`Could not find a property named '${p}' on type 'microsoft.graph.${type}'.`, 'Request_BadRequest');
}

export function project<T>(entity: T, resolve: Resolver<T>, props: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of props) out[p] = resolve(entity, p);
  if (!('id' in out)) out.id = resolve(entity, 'id');
  return out;
}

export function userView(tenant: Tenant, u: SimUser, select: string[] | null): Record<string, unknown> {
  return project(u, userResolver(tenant), select ?? USER_DEFAULT);
}

export function groupView(g: SimGroup, select: string[] | null): Record<string, unknown> {
  return project(g, groupResolver(), select ?? GROUP_DEFAULT);
}

export function skuView(tenant: Tenant, s: SimSku): Record<string, unknown> {
  return {
    accountId: tenant.id,
    accountName: tenant.displayName,
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: s.holders.size,
    id: `${tenant.id}_${s.skuId}`,
    skuId: s.skuId,
    skuPartNumber: s.skuPartNumber,
    subscriptionIds: [],
    prepaidUnits: { ...s.prepaidUnits },
    servicePlans: s.servicePlans.map((p) => ({
      servicePlanId: p.servicePlanId,
      servicePlanName: p.servicePlanName,
      provisioningStatus: 'Success',
      appliesTo: p.appliesTo,
    })),
  };
}

export function licenseDetailsView(tenant: Tenant, u: SimUser): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [skuId, enabled] of effectivePlans(tenant, u.paths)) {
    const sku = tenant.skus.get(skuId)!;
    out.push({
      id: Buffer.from(`${u.id}_${skuId}`).toString('base64url'),
      skuId,
      skuPartNumber: sku.skuPartNumber,
      servicePlans: sku.servicePlans.map((p) => ({
        servicePlanId: p.servicePlanId,
        servicePlanName: p.servicePlanName,
        provisioningStatus: enabled.has(p.servicePlanId) ? 'Success' : 'Disabled',
        appliesTo: p.appliesTo,
      })),
    });
  }
  return out;
}

export function context(req: SimRequest, fragment: string): string {
  return `${req.origin}/v1.0/$metadata#${fragment}`;
}

/**
 * One page of a collection: scans from the skiptoken's offset until `top` items match, so paging through
 * the whole collection is linear however many pages it takes.
 */
export function pageOf<T>(
  req: SimRequest,
  q: Query,
  source: { length: number; at(i: number): T | undefined },
  accept: (item: T) => boolean,
  view: (item: T) => Record<string, unknown>,
  opts: {
    defaultTop: number;
    context: string;
    total?: () => number;
    snapshot?: number | null;
    anchor?: { key: (item: T) => string; locate: (key: string) => number | undefined };
    /** True for the first item from which on nothing can match (a sorted source), so the scan stops there. */
    end?: (item: T) => boolean;
  },
): SimResponse {
  const end = opts.end ?? (() => false);
  const top = q.top ?? opts.defaultTop;
  const items: Record<string, unknown>[] = [];
  let i = q.offset;
  if (q.anchor !== null && opts.anchor) {
    const at = opts.anchor.locate(q.anchor);
    if (at !== undefined) i = at;
  }
  let ended = false;
  for (; i < source.length && items.length < top; i++) {
    const item = source.at(i);
    if (item === undefined) continue;
    if (end(item)) {
      ended = true;
      break;
    }
    if (accept(item)) items.push(view(item));
  }
  // Only promise a next page when one exists, so clients never fetch an empty trailing page.
  let more = false;
  for (let j = i; !ended && j < source.length; j++) {
    const item = source.at(j);
    if (item === undefined) continue;
    if (end(item)) break;
    if (accept(item)) {
      more = true;
      i = j;
      break;
    }
  }
  const body: Record<string, unknown> = { '@odata.context': opts.context };
  if (q.count) {
    let n = 0;
    if (opts.total) n = opts.total();
    else
      for (let j = 0; j < source.length; j++) {
        const it = source.at(j);
        if (it === undefined) continue;
        if (end(it)) break;
        if (accept(it)) n++;
      }
    body['@odata.count'] = n;
  }
  if (more) {
    const params = new URLSearchParams(req.params);
    const next = source.at(i);
    params.set('$skiptoken', encodeSkipToken(i, opts.snapshot ?? null, opts.anchor && next !== undefined ? opts.anchor.key(next) : null));
    body['@odata.nextLink'] = `${req.origin}/v1.0${req.path}?${params.toString().replace(/%24/g, '$')}`;
  }
  body.value = items;
  return ok(body);
}

export function filterPredicate<T>(q: Query, resolve: Resolver<T>): (item: T) => boolean {
  const f = q.filter;
  return f ? (item) => matches(f, item, resolve) : () => true;
}
