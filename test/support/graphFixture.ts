/** A small tenant for the Graph client tests (format: tenant-fixture.schema.json). */

import { E3 } from './constants';
export { E3 };
export const SCARCE = 'c7df2760-2c81-4ef7-b578-5b5392b571df';
export const EXO1 = '4b9405b0-7788-4568-add1-99614e613b69';
export const PLANS = {
  exchange: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
  sharepoint: '5dbe027f-2339-4123-9542-606e4d348a72',
  teams: '57ff2da0-773e-42df-b2af-ffb7a2317929',
  forms: '2789c901-c14e-48ab-a76a-be334d9d793a',
  scarce: '113feb6c-3fe4-4440-bddc-54d774bf0318',
  exchangePlan1: '9aaf7827-d63c-4b61-89c3-182f06f82e5c',
};

/** Deterministic user ids: u(1) = 00000000-0000-0033-0000-000000000001. */
export const u = (n: number) => `00000000-0000-0033-0000-${n.toString(16).padStart(12, '0')}`;
export const g = (n: number) => `00000000-0000-0034-0000-${n.toString(16).padStart(12, '0')}`;

export const SALES = g(1);
export const PILOT = g(2);
export const NESTED = g(3);
export const EMPTY = g(4);

const skus = [
  {
    skuId: E3,
    skuPartNumber: 'ENTERPRISEPACK',
    displayName: 'Office 365 E3',
    prepaidUnits: { enabled: 100 },
    servicePlans: [
      { servicePlanId: PLANS.exchange, servicePlanName: 'EXCHANGE_S_ENTERPRISE' },
      { servicePlanId: PLANS.sharepoint, servicePlanName: 'SHAREPOINTENTERPRISE' },
      { servicePlanId: PLANS.teams, servicePlanName: 'TEAMS1', dependsOn: [PLANS.sharepoint] },
      { servicePlanId: PLANS.forms, servicePlanName: 'FORMS_PLAN_E3' },
    ],
  },
  {
    skuId: SCARCE,
    skuPartNumber: 'SCARCE_ADDON',
    prepaidUnits: { enabled: 1 },
    servicePlans: [{ servicePlanId: PLANS.scarce, servicePlanName: 'SCARCE_PLAN' }],
  },
  {
    skuId: EXO1,
    skuPartNumber: 'EXCHANGESTANDARD',
    prepaidUnits: { enabled: 10 },
    servicePlans: [{ servicePlanId: PLANS.exchangePlan1, servicePlanName: 'EXCHANGE_S_STANDARD' }],
  },
];

const direct = (disabledPlans: string[] = []) => [{ skuId: E3, disabledPlans }];

/**
 * u1–u3: direct E3, members of Sales (unlicensed group).
 * u4–u5: members of Pilot, which assigns E3 — u4 also direct (coexisting), u5 inherited only.
 * u6: no usageLocation, no license. u7: holds the single SCARCE unit. u8–u60: plain users without licenses.
 */
export function smallTenant(behaviour: Record<string, unknown> = {}) {
  const users = [
    ...[1, 2, 3].map((n) => ({
      id: u(n),
      userPrincipalName: `user${n}@contoso.example`,
      displayName: `User ${n}`,
      usageLocation: 'NL',
      assignedLicenses: direct([PLANS.forms]),
    })),
    { id: u(4), userPrincipalName: 'user4@contoso.example', displayName: 'User 4', usageLocation: 'NL', assignedLicenses: direct() },
    { id: u(5), userPrincipalName: 'user5@contoso.example', displayName: 'User 5', usageLocation: 'NL', assignedLicenses: [] },
    { id: u(6), userPrincipalName: "o'brien@contoso.example", displayName: 'No Location', usageLocation: null, assignedLicenses: [] },
    {
      id: u(7),
      userPrincipalName: 'user7@contoso.example',
      displayName: 'User 7',
      usageLocation: 'NL',
      assignedLicenses: [{ skuId: SCARCE, disabledPlans: [] }],
    },
    ...Array.from({ length: 53 }, (_, i) => i + 8).map((n) => ({
      id: u(n),
      userPrincipalName: `user${n}@contoso.example`,
      displayName: `User ${n}`,
      usageLocation: 'NL',
      assignedLicenses: [],
    })),
  ];
  return {
    tenant: { id: '00000000-0000-0032-0000-000000000001', displayName: 'Contoso', defaultUsageLocation: 'NL', domain: 'contoso.example' },
    skus,
    mutuallyExclusivePlans: [[PLANS.exchange, PLANS.exchangePlan1]],
    groups: [
      // Listed before Sales: the simulator drops a nested-group member that the fixture defines later.
      { id: NESTED, displayName: "Sales' nested", securityEnabled: true, members: [u(8)] },
      { id: SALES, displayName: 'Sales', securityEnabled: true, members: [u(1), u(2), u(3), NESTED] },
      {
        id: PILOT,
        displayName: 'Pilot',
        securityEnabled: true,
        members: [u(4), u(5)],
        assignedLicenses: [{ skuId: E3, disabledPlans: [] }],
      },
      { id: EMPTY, displayName: 'Empty', securityEnabled: true, members: [] },
    ],
    users,
    behaviour: { groupProcessingDelayMs: 100, ...behaviour },
  };
}

/** Many generated users, all holding E3 directly: for paging beyond one page of 999. */
/** The group of largeTenant that has every generated user as a member (and no license). */
export const EVERYONE = '00000000-0000-0032-0001-000000000001';

export function largeTenant(users: number) {
  return {
    tenant: { id: '00000000-0000-0032-0000-000000000002', displayName: 'Fabrikam', defaultUsageLocation: 'US', domain: 'fabrikam.example' },
    skus: [{ ...skus[0], prepaidUnits: { enabled: users + 10 } }],
    groups: [{ id: EVERYONE, displayName: 'Everyone', allGeneratedUsersAreMembers: true }],
    generate: { users, seed: 7, directLicenses: direct() },
    behaviour: { groupProcessingDelayMs: 100 },
  };
}
