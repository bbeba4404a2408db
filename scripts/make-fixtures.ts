/**
 * Writes the shipped tenant fixtures (fixtures/*.json) deterministically: `npx tsx scripts/make-fixtures.ts`.
 * Ids of SKUs and service plans are Microsoft's real ones; object ids are synthetic but stable, so a rerun
 * produces byte-identical files and tests can name users and groups.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Guid = string;
interface AssignedLicense {
  skuId: Guid;
  disabledPlans: Guid[];
}
interface ServicePlan {
  servicePlanId: Guid;
  servicePlanName: string;
  dependsOn?: Guid[];
}
interface Sku {
  skuId: Guid;
  skuPartNumber: string;
  displayName: string;
  prepaidUnits: { enabled: number };
  servicePlans: ServicePlan[];
}
interface User {
  id: Guid;
  userPrincipalName: string;
  displayName: string;
  usageLocation: string | null;
  accountEnabled?: boolean;
  /** Directory attributes that dynamic membership rules read. */
  userType?: 'Member' | 'Guest';
  department?: string | null;
  jobTitle?: string | null;
  country?: string | null;
  onPremisesExtensionAttributes?: Record<string, string | null>;
  assignedLicenses: AssignedLicense[];
}
interface Group {
  id: Guid;
  displayName: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes: string[];
  membershipRule?: string | null;
  assignedLicenses: AssignedLicense[];
  members: Guid[];
  allGeneratedUsersAreMembers?: boolean;
}
export interface TenantFixture {
  tenant: { id: Guid; displayName: string; defaultUsageLocation: string; domain: string };
  skus: Sku[];
  mutuallyExclusivePlans?: [Guid, Guid][];
  usageLocationRestrictions?: Record<Guid, string[]>;
  groups?: Group[];
  users?: User[];
  generate?: {
    users: number;
    seed: number;
    directLicenses: AssignedLicense[];
    usageLocations: string[];
    missingUsageLocationFraction?: number;
  };
  automation?: { intervalMs: number; joinersPerTick: number; leaversPerTick: number; license: AssignedLicense };
  behaviour?: { groupProcessingDelayMs?: number; groupProcessingUsersPerSecond?: number };
}

/** Real Office 365 E3 (ENTERPRISEPACK) service plans, checked against Microsoft's licensing reference and docs samples. */
export const PLANS = {
  EXCHANGE_S_ENTERPRISE: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
  SHAREPOINTENTERPRISE: '5dbe027f-2339-4123-9542-606e4d348a72',
  SHAREPOINTWAC: 'e95bec33-7c88-4a70-8e19-b10bd9d0c014',
  TEAMS1: '57ff2da0-773e-42df-b2af-ffb7a2317929',
  MCOSTANDARD: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c',
  OFFICESUBSCRIPTION: '43de0ff5-c92c-492b-9116-175376d08c38',
  YAMMER_ENTERPRISE: '7547a3fe-08ee-4ccb-b430-5077c5041653',
  SWAY: 'a23b959c-7ce8-4e57-9140-b90eb88a9e97',
  FORMS_PLAN_E3: '2789c901-c14e-48ab-a76a-be334d9d793a',
  PROJECTWORKMANAGEMENT: 'b737dad2-2f6c-4c65-90e3-ca563267e8b9',
  RMS_S_ENTERPRISE: 'bea4c11e-220a-4e6d-8eb8-8ea15d019f90',
  EXCHANGE_S_STANDARD: '9aaf7827-d63c-4b61-89c3-182f06f82e5c',
  MCOMEETADV: '3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40',
  AAD_PREMIUM: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
  INTUNE_A: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5',
  RMS_S_PREMIUM: '6c57d4b6-3b23-47a5-9bc9-69f17b4947b3',
  BI_AZURE_P2: '70d33638-9c74-4d01-bfd3-562de28bd4ba',
} as const;

export const SKU_IDS = {
  ENTERPRISEPACK: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  EXCHANGESTANDARD: '4b9405b0-7788-4568-add1-99614e613b69',
  MCOMEETADV: '0c266dff-15dd-4b49-8397-2bb16070ed52',
  EMS: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
  POWER_BI_PRO: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
} as const;

const E3_PLAN_NAMES = [
  'EXCHANGE_S_ENTERPRISE',
  'SHAREPOINTENTERPRISE',
  'SHAREPOINTWAC',
  'TEAMS1',
  'MCOSTANDARD',
  'OFFICESUBSCRIPTION',
  'YAMMER_ENTERPRISE',
  'SWAY',
  'FORMS_PLAN_E3',
  'PROJECTWORKMANAGEMENT',
  'RMS_S_ENTERPRISE',
] as const;

function e3(units: number): Sku {
  return {
    skuId: SKU_IDS.ENTERPRISEPACK,
    skuPartNumber: 'ENTERPRISEPACK',
    displayName: 'Office 365 E3',
    prepaidUnits: { enabled: units },
    servicePlans: E3_PLAN_NAMES.map((n) => ({ servicePlanId: PLANS[n], servicePlanName: n })),
  };
}

function exchangeStandard(units: number): Sku {
  return {
    skuId: SKU_IDS.EXCHANGESTANDARD,
    skuPartNumber: 'EXCHANGESTANDARD',
    displayName: 'Exchange Online (Plan 1)',
    prepaidUnits: { enabled: units },
    servicePlans: [{ servicePlanId: PLANS.EXCHANGE_S_STANDARD, servicePlanName: 'EXCHANGE_S_STANDARD' }],
  };
}

/** Audio Conferencing needs the user's Skype for Business Online (Plan 2) service: a real add-on dependency. */
function audioConferencing(units: number): Sku {
  return {
    skuId: SKU_IDS.MCOMEETADV,
    skuPartNumber: 'MCOMEETADV',
    displayName: 'Microsoft 365 Audio Conferencing',
    prepaidUnits: { enabled: units },
    servicePlans: [{ servicePlanId: PLANS.MCOMEETADV, servicePlanName: 'MCOMEETADV', dependsOn: [PLANS.MCOSTANDARD] }],
  };
}

/** A product whose plans are all named in PLANS. */
function product(skuId: Guid, skuPartNumber: string, displayName: string, units: number, plans: readonly (keyof typeof PLANS)[]): Sku {
  return {
    skuId,
    skuPartNumber,
    displayName,
    prepaidUnits: { enabled: units },
    servicePlans: plans.map((n) => ({ servicePlanId: PLANS[n], servicePlanName: n })),
  };
}

const ems = (units: number) =>
  product(SKU_IDS.EMS, 'EMS', 'Enterprise Mobility + Security E3', units, ['AAD_PREMIUM', 'INTUNE_A', 'RMS_S_PREMIUM']);
const powerBiPro = (units: number) => product(SKU_IDS.POWER_BI_PRO, 'POWER_BI_PRO', 'Power BI Pro', units, ['BI_AZURE_P2']);

// Exchange Online Plan 1 and Plan 2 cannot both be enabled for one mailbox.
const EXCHANGE_EXCLUSIVE: [Guid, Guid][] = [[PLANS.EXCHANGE_S_ENTERPRISE, PLANS.EXCHANGE_S_STANDARD]];

/** A stable synthetic GUID: `kind` separates object families and fixtures, `n` numbers objects inside one. */
function gid(kind: number, n: number): Guid {
  const hex = ((BigInt(kind) << 64n) | BigInt(n)).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const e3Full = (): AssignedLicense[] => [{ skuId: SKU_IDS.ENTERPRISEPACK, disabledPlans: [] }];
const e3Without = (...plans: Guid[]): AssignedLicense[] => [{ skuId: SKU_IDS.ENTERPRISEPACK, disabledPlans: plans }];

function tenant(kind: number, displayName: string, domain: string, defaultUsageLocation = 'US') {
  return { id: gid(kind, 0), displayName, defaultUsageLocation, domain };
}

/** Builds users numbered from..to (inclusive) of one fixture, all alike. */
function users(
  kind: number,
  domain: string,
  from: number,
  to: number,
  licenses: () => AssignedLicense[],
  usageLocation: string | null = 'US',
  label = 'User',
): User[] {
  const out: User[] = [];
  for (let n = from; n <= to; n++) {
    out.push({
      id: gid(kind, n),
      userPrincipalName: `${label.toLowerCase().replace(/[^a-z0-9]+/g, '.')}${n}@${domain}`,
      displayName: `${label} ${n}`,
      usageLocation,
      assignedLicenses: licenses(),
    });
  }
  return out;
}

function group(kind: number, n: number, displayName: string, members: Guid[], extra: Partial<Group> = {}): Group {
  return {
    id: gid(kind + 1, n),
    displayName,
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
    assignedLicenses: [],
    members,
    ...extra,
  };
}

const ids = (us: User[]) => us.map((u) => u.id);

/** The same users with directory attributes set (placed before assignedLicenses, so the JSON reads naturally). */
const withAttributes = (us: User[], attributes: Partial<User>): User[] =>
  us.map(({ assignedLicenses, ...u }) => ({ ...u, ...attributes, assignedLicenses }));

function contoso1000(): TenantFixture {
  const k = 0x100;
  return {
    tenant: tenant(k, 'Contoso', 'contoso.onmicrosoft.com'),
    skus: [e3(1100)],
    groups: [group(k, 1, 'All users', [], { allGeneratedUsersAreMembers: true })],
    generate: { users: 1000, seed: 1, directLicenses: e3Full(), usageLocations: ['US'], missingUsageLocationFraction: 0 },
    behaviour: { groupProcessingDelayMs: 3000 },
  };
}

function errorsMix(): TenantFixture {
  const k = 0x200,
    d = 'fabrikam.onmicrosoft.com';
  const ready = users(k, d, 1, 20, e3Full, 'US', 'Ready');
  const needSeat = users(k, d, 21, 24, () => [], 'US', 'No seat');
  const exchangePlan1 = users(k, d, 25, 26, () => [{ skuId: SKU_IDS.EXCHANGESTANDARD, disabledPlans: [] }], 'US', 'Exchange plan1');
  const prohibited = users(k, d, 27, 28, () => [], 'KP', 'Prohibited location');
  const audioOk = users(k, d, 29, 30, e3Full, 'US', 'Audio ok');
  const audioMissingSkype = users(k, d, 31, 32, () => [], 'US', 'Audio no skype');
  return {
    tenant: tenant(k, 'Fabrikam', d),
    // Exactly as many E3 seats as direct holders: anyone who needs a new seat gets CountViolation.
    skus: [e3(22), exchangeStandard(5), audioConferencing(10)],
    mutuallyExclusivePlans: EXCHANGE_EXCLUSIVE,
    usageLocationRestrictions: { [PLANS.TEAMS1]: ['KP'] },
    groups: [
      group(k, 1, 'Migration wave 1', ids([...ready, ...needSeat, ...exchangePlan1, ...prohibited])),
      group(k, 2, 'Audio conferencing', ids([...audioOk, ...audioMissingSkype]), {
        assignedLicenses: [{ skuId: SKU_IDS.MCOMEETADV, disabledPlans: [] }],
      }),
    ],
    users: [...ready, ...needSeat, ...exchangePlan1, ...prohibited, ...audioOk, ...audioMissingSkype],
    behaviour: { groupProcessingDelayMs: 500 },
  };
}

function cohorts(): TenantFixture {
  const k = 0x300,
    d = 'northwind.onmicrosoft.com';
  const full = users(k, d, 1, 12, e3Full, 'US', 'Full');
  const noSocial = users(k, d, 13, 22, () => e3Without(PLANS.YAMMER_ENTERPRISE, PLANS.SWAY), 'US', 'No social');
  const noTeams = users(k, d, 23, 30, () => e3Without(PLANS.TEAMS1), 'GB', 'No teams');
  return {
    tenant: tenant(k, 'Northwind', d),
    skus: [e3(40)],
    groups: [group(k, 1, 'Office 365 E3 users', ids([...full, ...noSocial, ...noTeams]))],
    users: [...full, ...noSocial, ...noTeams],
    behaviour: { groupProcessingDelayMs: 500 },
  };
}

function exclusiveExchange(): TenantFixture {
  const k = 0x400,
    d = 'adatum.onmicrosoft.com';
  const e3Users = users(k, d, 1, 10, e3Full, 'US', 'E3');
  const plan1Only = users(k, d, 11, 15, () => [{ skuId: SKU_IDS.EXCHANGESTANDARD, disabledPlans: [] }], 'US', 'Exchange plan1');
  // A valid mix: E3 with its Exchange plan disabled next to Exchange Online (Plan 1).
  const mixed = users(
    k,
    d,
    16,
    17,
    () => [...e3Without(PLANS.EXCHANGE_S_ENTERPRISE), { skuId: SKU_IDS.EXCHANGESTANDARD, disabledPlans: [] }],
    'US',
    'Mixed',
  );
  return {
    tenant: tenant(k, 'Adatum', d),
    skus: [e3(30), exchangeStandard(10)],
    mutuallyExclusivePlans: EXCHANGE_EXCLUSIVE,
    groups: [group(k, 1, 'Office 365 E3', ids([...e3Users, ...plan1Only, ...mixed]))],
    users: [...e3Users, ...plan1Only, ...mixed],
    behaviour: { groupProcessingDelayMs: 500 },
  };
}

function missingUsageLocation(): TenantFixture {
  const k = 0x500,
    d = 'tailspin.onmicrosoft.com';
  const holders = users(k, d, 1, 10, e3Full, 'US', 'Holder');
  const noLocation = users(k, d, 11, 14, () => [], null, 'No location');
  const newcomer = users(k, d, 15, 15, () => [], null, 'Newcomer');
  return {
    tenant: tenant(k, 'Tailspin Toys', d, 'DE'),
    skus: [e3(20)],
    groups: [group(k, 1, 'Office 365 E3', ids([...holders, ...noLocation]))],
    users: [...holders, ...noLocation, ...newcomer],
    behaviour: { groupProcessingDelayMs: 500 },
  };
}

function planMismatch(): TenantFixture {
  const k = 0x600,
    d = 'wingtip.onmicrosoft.com';
  const full = users(k, d, 1, 10, e3Full, 'US', 'Full');
  const matching = users(k, d, 11, 15, () => e3Without(PLANS.YAMMER_ENTERPRISE, PLANS.SWAY), 'US', 'Matching');
  const partial = users(k, d, 16, 18, () => e3Without(PLANS.YAMMER_ENTERPRISE), 'US', 'Partial');
  return {
    tenant: tenant(k, 'Wingtip Toys', d),
    skus: [e3(25)],
    groups: [
      group(k, 1, 'E3 without Yammer and Sway', ids([...full, ...matching, ...partial]), {
        assignedLicenses: e3Without(PLANS.YAMMER_ENTERPRISE, PLANS.SWAY),
      }),
    ],
    users: [...full, ...matching, ...partial],
    behaviour: { groupProcessingDelayMs: 500 },
  };
}

function automationChurn(): TenantFixture {
  const k = 0x700,
    d = 'litware.onmicrosoft.com';
  const staff = users(k, d, 1, 40, e3Full, 'US', 'Staff');
  return {
    tenant: tenant(k, 'Litware', d),
    skus: [e3(2000)],
    groups: [group(k, 1, 'All staff', ids(staff.slice(0, 30)))],
    users: staff,
    automation: { intervalMs: 200, joinersPerTick: 2, leaversPerTick: 1, license: { skuId: SKU_IDS.ENTERPRISEPACK, disabledPlans: [] } },
    behaviour: { groupProcessingDelayMs: 500 },
  };
}

function nestedAndDynamic(): TenantFixture {
  const k = 0x800,
    d = 'proseware.onmicrosoft.com';
  const base = users(k, d, 1, 20, e3Full, 'US', 'Member');
  // Users 11-15 work in Sales: the dynamic group's rule makes them its members.
  const all = [...base.slice(0, 10), ...withAttributes(base.slice(10, 15), { department: 'Sales' }), ...base.slice(15)];
  const child = group(k, 2, 'Child (nested)', ids(all.slice(5, 10)));
  return {
    tenant: tenant(k, 'Proseware', d),
    skus: [e3(30)],
    groups: [
      group(k, 1, 'Parent', [...ids(all.slice(0, 5)), child.id]),
      child,
      group(k, 3, 'Dynamic: Sales', [], {
        groupTypes: ['DynamicMembership'],
        membershipRule: '(user.department -eq "Sales")',
      }),
      group(k, 4, 'Mail-enabled security', ids(all.slice(15, 18)), { mailEnabled: true }),
      group(k, 5, 'Team site (Microsoft 365 group)', ids(all.slice(18, 20)), {
        securityEnabled: false,
        mailEnabled: true,
        groupTypes: ['Unified'],
      }),
    ],
    users: all,
    behaviour: { groupProcessingDelayMs: 500 },
  };
}

/**
 * Licensing through dynamic membership groups: members follow HR attributes, so a migration can only rely on
 * users the rule matches. Group 1 is the migration target (no license yet); group 2 already licenses E3 by an
 * extension attribute.
 */
function dynamicGroups(): TenantFixture {
  const k = 0xb00,
    d = 'woodgrove.onmicrosoft.com';
  const sales = { department: 'Sales', jobTitle: 'Account manager', country: 'Netherlands' };
  const matched = withAttributes(users(k, d, 1, 10, e3Full, 'NL', 'Sales'), sales);
  // Direct E3 holders the Sales rule does not match, one reason each.
  const unmatched = [
    ...withAttributes(users(k, d, 11, 11, e3Full, 'NL', 'Trailing space'), { ...sales, department: 'sales ' }),
    ...withAttributes(users(k, d, 12, 12, e3Full, 'NL', 'Marketing'), { ...sales, department: 'Marketing' }),
    ...withAttributes(users(k, d, 13, 13, e3Full, 'NL', 'No department'), { ...sales, department: null }),
    ...withAttributes(users(k, d, 14, 14, e3Full, 'NL', 'Disabled'), { ...sales, accountEnabled: false }),
    ...withAttributes(users(k, d, 15, 15, e3Full, 'NL', 'Guest'), { ...sales, userType: 'Guest' }),
  ];
  // In Sales without any license: the group would give them a new seat.
  const newcomers = withAttributes(
    users(k, d, 16, 17, () => [], 'NL', 'New sales'),
    sales,
  );
  const support = withAttributes(users(k, d, 18, 20, e3Full, 'NL', 'Support'), {
    department: 'Support',
    onPremisesExtensionAttributes: { extensionAttribute1: 'E3' },
  });
  return {
    tenant: tenant(k, 'Woodgrove Bank', d, 'NL'),
    skus: [e3(40)],
    groups: [
      group(k, 1, 'Dynamic: Sales members', [], {
        groupTypes: ['DynamicMembership'],
        membershipRule: '(user.department -eq "Sales") -and (user.accountEnabled -eq true) -and (user.userType -eq "Member")',
      }),
      group(k, 2, 'Dynamic: E3 by extension attribute', [], {
        groupTypes: ['DynamicMembership'],
        membershipRule: 'user.extensionAttribute1 -in ["E3", "E3-Full"]',
        assignedLicenses: e3Full(),
      }),
    ],
    users: [...matched, ...unmatched, ...newcomers, ...support],
    behaviour: { groupProcessingDelayMs: 500 },
  };
}

/**
 * Several products assigned directly, in five license profiles: E3 + EMS (20), E3 alone (10), E3 without Yammer + EMS
 * (5, which can share the first profile's group and gain Yammer), E3 + EMS + Power BI (4), Power BI alone (3). One
 * group already assigns exactly E3; another carries the name a new group for E3 + EMS would get, with another license.
 */
function licenseProfiles(): TenantFixture {
  const k = 0xd00,
    d = 'fabrikam.onmicrosoft.com';
  const full = (skuId: Guid): AssignedLicense => ({ skuId, disabledPlans: [] });
  const { ENTERPRISEPACK: E3, EMS, POWER_BI_PRO: PBI } = SKU_IDS;
  return {
    tenant: tenant(k, 'Fabrikam', d),
    skus: [e3(60), ems(60), powerBiPro(20)],
    groups: [
      group(k, 1, 'Licensing E3', [], { assignedLicenses: e3Full() }),
      group(k, 2, 'License – Office 365 E3 + Enterprise Mobility + Security E3', [], {
        assignedLicenses: e3Without(PLANS.YAMMER_ENTERPRISE),
      }),
    ],
    users: [
      ...users(k, d, 1, 20, () => [full(E3), full(EMS)], 'US', 'Office EMS'),
      ...users(k, d, 21, 30, () => [full(E3)], 'US', 'Office'),
      ...users(k, d, 31, 35, () => [{ skuId: E3, disabledPlans: [PLANS.YAMMER_ENTERPRISE] }, full(EMS)], 'US', 'No Yammer EMS'),
      ...users(k, d, 36, 39, () => [full(E3), full(EMS), full(PBI)], 'US', 'Analyst'),
      ...users(k, d, 40, 42, () => [full(PBI)], 'US', 'Power BI'),
    ],
    behaviour: { groupProcessingDelayMs: 500 },
  };
}

/**
 * Every class a verification knows, for one E3 run: the run's cohort disables SWAY and its group "Licensing E3 without
 * Sway" (no license yet) holds, besides that cohort, users of other cohorts (gain Yammer; lose Sway; keep Sway through
 * "Sway for everyone"), a member licensed by that group alone, and members without E3 who end in CountViolation,
 * MutuallyExclusiveViolation and ProhibitedInUsageLocationViolation. Units are exactly the holders. Two holders of
 * another cohort stay outside the group; a late joiner has no license. "Audio conferencing" carries MCOMEETADV: one
 * member in DependencyViolation (no MCOSTANDARD) and one direct holder. UniquenessViolation, a leaver (notMember) and
 * joiners still being processed (pending) are set up by the test through the simulator's hooks.
 */
function everyClass(): TenantFixture {
  const k = 0xe00,
    d = 'proseware.onmicrosoft.com';
  const cohort = users(k, d, 1, 6, () => e3Without(PLANS.SWAY), 'US', 'Cohort');
  const noSocial = users(k, d, 7, 8, () => e3Without(PLANS.YAMMER_ENTERPRISE, PLANS.SWAY), 'US', 'No social');
  const full = users(k, d, 9, 10, e3Full, 'US', 'Full');
  const swayGroup = users(k, d, 11, 12, e3Full, 'US', 'Full sway group');
  const inherited = users(k, d, 13, 13, () => [], 'US', 'Inherited');
  const noSeat = users(k, d, 14, 16, () => [], 'US', 'No seat');
  const exchangePlan1 = users(k, d, 17, 17, () => [{ skuId: SKU_IDS.EXCHANGESTANDARD, disabledPlans: [] }], 'US', 'Exchange plan1');
  const prohibited = users(k, d, 18, 18, () => [], 'KP', 'Prohibited location');
  const noTeams = users(k, d, 19, 20, () => e3Without(PLANS.TEAMS1), 'GB', 'No teams');
  const lateJoiner = users(k, d, 21, 21, () => [], 'US', 'Late joiner');
  const audioMissingSkype = users(k, d, 22, 22, () => [], 'US', 'Audio no skype');
  const audio = users(k, d, 23, 23, () => [...e3Full(), { skuId: SKU_IDS.MCOMEETADV, disabledPlans: [] }], 'US', 'Audio');
  return {
    tenant: tenant(k, 'Proseware', d),
    // 15 direct holders and user 13 through "Sway for everyone": no unit is free.
    skus: [e3(16), exchangeStandard(5), audioConferencing(10)],
    mutuallyExclusivePlans: EXCHANGE_EXCLUSIVE,
    usageLocationRestrictions: { [PLANS.TEAMS1]: ['KP'] },
    groups: [
      group(
        k,
        1,
        'Licensing E3 without Sway',
        ids([...cohort, ...noSocial, ...full, ...swayGroup, ...inherited, ...noSeat, ...exchangePlan1, ...prohibited]),
      ),
      group(k, 2, 'Sway for everyone', ids([...swayGroup, ...inherited]), { assignedLicenses: e3Full() }),
      group(k, 3, 'Audio conferencing', ids([...audioMissingSkype, ...audio]), {
        assignedLicenses: [{ skuId: SKU_IDS.MCOMEETADV, disabledPlans: [] }],
      }),
    ],
    users: [
      ...cohort,
      ...noSocial,
      ...full,
      ...swayGroup,
      ...inherited,
      ...noSeat,
      ...exchangePlan1,
      ...prohibited,
      ...noTeams,
      ...lateJoiner,
      ...audioMissingSkype,
      ...audio,
    ],
    behaviour: { groupProcessingDelayMs: 500 },
  };
}

/**
 * A benchmark tenant of `count` generated users, each holding full E3 directly, all members of "All E3 users",
 * which already assigns full E3. With `secondProduct` every user also holds that product directly (full plans)
 * and no group licenses anything yet: the tenant of a license-profile run, which creates its own group.
 */
function generated(k: number, name: string, count: number, usersPerSecond: number, secondProduct?: (units: number) => Sku): TenantFixture {
  const units = Math.ceil(count * 1.05);
  const skus = secondProduct ? [e3(units), secondProduct(units)] : [e3(units)];
  return {
    tenant: tenant(k, name, 'contoso.onmicrosoft.com'),
    skus,
    groups: secondProduct ? [] : [group(k, 1, 'All E3 users', [], { allGeneratedUsersAreMembers: true, assignedLicenses: e3Full() })],
    generate: {
      users: count,
      seed: 1,
      directLicenses: skus.map((s) => ({ skuId: s.skuId, disabledPlans: [] })),
      usageLocations: ['US'],
      missingUsageLocationFraction: 0,
    },
    behaviour: { groupProcessingDelayMs: 0, groupProcessingUsersPerSecond: usersPerSecond },
  };
}

/** Every shipped fixture by file name. */
export function buildFixtures(): Record<string, TenantFixture> {
  return {
    'contoso-1000.json': contoso1000(),
    'errors-mix.json': errorsMix(),
    'cohorts.json': cohorts(),
    'exclusive-exchange.json': exclusiveExchange(),
    'missing-usage-location.json': missingUsageLocation(),
    'plan-mismatch.json': planMismatch(),
    'automation-churn.json': automationChurn(),
    'nested-and-dynamic.json': nestedAndDynamic(),
    'dynamic-groups.json': dynamicGroups(),
    'license-profiles.json': licenseProfiles(),
    'every-class.json': everyClass(),
    'gen-10k.json': generated(0x900, 'Contoso (10k generated)', 10_000, 20_000),
    'gen-100k.json': generated(0xa00, 'Contoso (100k generated)', 100_000, 100_000),
    'gen-10k-e3-ems.json': generated(0xc00, 'Contoso (10k generated, E3 + EMS)', 10_000, 20_000, ems),
  };
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'fixtures');
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, fixture] of Object.entries(buildFixtures())) {
    fs.writeFileSync(path.join(dir, file), JSON.stringify(fixture, null, 1) + '\n');
    console.log(`wrote fixtures/${file}`);
  }
}
