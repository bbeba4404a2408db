import type { GroupInfo, LicenseAssignmentState, Sku, UserLicenses } from '../../src/graph/types';
import type { Run } from '../../src/migration/types';

import { E3 } from './constants';
export { E3 };
export const EXO = 'efb87545-963c-4e0d-99df-69c6916d9eb0';
export const SPO = '5dbe027f-2339-4123-9542-606e4d348a72';
export const TEAMS = '57ff2da0-773e-42df-b2af-ffb7a2317929';
export const SWAY = 'a23b959c-7ce8-4e57-9140-b90eb88a9e97';
export const TENANT_PLAN = '11111111-1111-1111-1111-111111111111';
export const EXSTD_SKU = '4b9405b0-7788-4568-add1-99614e613b69';
export const EXSTD = '9aaf7827-d63c-4b61-89c3-182f06f82e5c';
export const GROUP = '00000000-0000-0000-0000-00000000aaaa';
export const OTHER_GROUP = '00000000-0000-0000-0000-00000000bbbb';

export function e3(over: Partial<Sku> = {}): Sku {
  return {
    skuId: E3,
    skuPartNumber: 'ENTERPRISEPACK',
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: 0,
    prepaidUnits: { enabled: 100, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: [
      { servicePlanId: EXO, servicePlanName: 'EXCHANGE_S_ENTERPRISE', appliesTo: 'User' },
      { servicePlanId: SPO, servicePlanName: 'SHAREPOINTENTERPRISE', appliesTo: 'User' },
      { servicePlanId: TEAMS, servicePlanName: 'TEAMS1', appliesTo: 'User' },
      { servicePlanId: SWAY, servicePlanName: 'SWAY', appliesTo: 'User' },
      { servicePlanId: TENANT_PLAN, servicePlanName: 'TENANT_ONLY', appliesTo: 'Company' },
    ],
    ...over,
  };
}

export function exchangeStandard(): Sku {
  return {
    skuId: EXSTD_SKU,
    skuPartNumber: 'EXCHANGESTANDARD',
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: 1,
    prepaidUnits: { enabled: 5, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: [{ servicePlanId: EXSTD, servicePlanName: 'EXCHANGE_S_STANDARD', appliesTo: 'User' }],
  };
}

export function path(
  assignedByGroup: string | null,
  disabledPlans: string[] = [],
  state = 'Active',
  error = 'None',
  skuId = E3,
): LicenseAssignmentState {
  return { skuId, disabledPlans, assignedByGroup, state, error };
}

let n = 0;
export function user(paths: LicenseAssignmentState[], over: Partial<UserLicenses> = {}): UserLicenses {
  n += 1;
  const id = over.id ?? `00000000-0000-0000-0001-${String(n).padStart(12, '0')}`;
  const skus = [...new Set(paths.filter((p) => p.state === 'Active' || p.state === 'ActiveWithError').map((p) => p.skuId))];
  return {
    id,
    userPrincipalName: `u${n}@contoso.example`,
    usageLocation: 'NL',
    assignedLicenses: skus.map((s) => ({ skuId: s, disabledPlans: paths.find((p) => p.skuId === s)!.disabledPlans })),
    licenseAssignmentStates: paths,
    ...over,
  };
}

export function group(over: Partial<GroupInfo> = {}): GroupInfo {
  return {
    id: GROUP,
    displayName: 'All users',
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
    assignedLicenses: [],
    licenseProcessingState: 'ProcessingComplete',
    ...over,
  };
}

/** A run as stored, with the fewest fields a run has (no batches, one product, its own group); overrides on top. */
export function storedRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'r1',
    requestedBy: 'admin',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    status: 'created',
    skuId: 's',
    skuPartNumber: 'ENTERPRISEPACK',
    disabledPlans: [],
    groupId: 'g',
    groupDisplayName: 'G',
    createdGroup: false,
    requiredApprovals: 1,
    batches: [],
    ...overrides,
  };
}
