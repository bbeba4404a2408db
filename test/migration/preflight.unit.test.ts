import { buildCohorts } from '../../src/migration/cohorts';
import { preflightFindings, type PreflightInput } from '../../src/migration/preflight';
import type { GroupMember, UserLicenses } from '../../src/graph/types';
import { E3, EXSTD_SKU, SWAY, TEAMS, e3, exchangeStandard, group, path, user } from '../support/unitFixtures';

function input(users: UserLicenses[], over: Partial<PreflightInput> = {}): PreflightInput {
  const sku = e3({ consumedUnits: users.length });
  const cohorts = buildCohorts(sku, users);
  return {
    sku,
    allSkus: [sku, exchangeStandard()],
    cohort: cohorts[0],
    cohorts,
    group: group(),
    members: [],
    cohortUsers: users.filter((u) => cohorts[0].userIds.includes(u.id)),
    ...over,
  };
}
const codes = (f: { code: string; severity: string }[]) => f.map((x) => `${x.code}:${x.severity}`).sort();
const asMember = (u: UserLicenses): GroupMember => ({ kind: 'user', ...u });

describe('preflightFindings', () => {
  it('a clean tenant gives no findings', () => {
    expect(preflightFindings(input([user([path(null)]), user([path(null)])]))).toEqual([]);
  });

  it('group problems: not security-enabled and mail-enabled are blockers, dynamic and nested are warnings', () => {
    const users = [user([path(null)])];
    const f = preflightFindings(
      input(users, {
        group: group({ securityEnabled: false, mailEnabled: true, groupTypes: ['Unified', 'DynamicMembership'] }),
        members: [{ kind: 'group', id: 'nested' }],
      }),
    );
    expect(codes(f)).toEqual([
      'groupDynamic:warning',
      'groupMailEnabled:blocker',
      'groupNotSecurityEnabled:blocker',
      'nestedGroups:warning',
    ]);
    expect(f.find((x) => x.code === 'groupDynamic')!.userIds).toEqual([users[0].id]);
    expect(f.every((x) => x.fix.length > 10)).toBe(true);
  });

  it('groupLicenseDiffers when the group already has the SKU with other disabledPlans', () => {
    const f = preflightFindings(
      input([user([path(null, [])])], { group: group({ assignedLicenses: [{ skuId: E3, disabledPlans: [TEAMS] }] }) }),
    );
    expect(codes(f)).toEqual(['groupLicenseDiffers:blocker']);
    expect(
      preflightFindings(
        input([user([path(null, [TEAMS])])], { group: group({ assignedLicenses: [{ skuId: E3, disabledPlans: [TEAMS] }] }) }),
      ),
    ).toEqual([]);
  });

  it('insufficientUnits counts only members who do not hold the SKU yet', () => {
    const holders = [user([path(null)]), user([path(null)])];
    const newcomers = [user([]), user([]), user([])];
    const base = input(holders);
    const sku = e3({ consumedUnits: 2, prepaidUnits: { enabled: 3, warning: 1, suspended: 0, lockedOut: 0 } });
    const f = preflightFindings({ ...base, sku, members: newcomers.map(asMember) });
    const finding = f.find((x) => x.code === 'insufficientUnits')!;
    expect(finding.severity).toBe('warning');
    expect(finding.count).toBe(1);
    const enough = e3({ consumedUnits: 2, prepaidUnits: { enabled: 4, warning: 1, suspended: 0, lockedOut: 0 } });
    expect(preflightFindings({ ...base, sku: enough, members: newcomers.map(asMember) }).some((x) => x.code === 'insufficientUnits')).toBe(
      false,
    );
  });

  it('usageLocationMissing: info for new licensees (tenant default), warning for direct holders (rollback)', () => {
    const holder = user([path(null)], { usageLocation: null });
    const newcomer = user([], { usageLocation: null });
    const f = preflightFindings({ ...input([holder]), members: [asMember(newcomer)] });
    expect(codes(f)).toEqual(['usageLocationMissing:info', 'usageLocationMissing:warning']);
  });

  it('mutuallyExclusivePlans from a user holding EXCHANGESTANDARD next to E3 Exchange', () => {
    const conflicted = user([], { assignedLicenses: [{ skuId: EXSTD_SKU, disabledPlans: [] }] });
    const f = preflightFindings({ ...input([user([path(null)])]), members: [asMember(conflicted)] });
    const finding = f.find((x) => x.code === 'mutuallyExclusivePlans')!;
    expect(finding.userIds).toEqual([conflicted.id]);
    expect(finding.message).toContain('EXCHANGE_S_ENTERPRISE / EXCHANGE_S_STANDARD');
  });

  it('missingDependency when an add-on needs a plan the group license disables', () => {
    const addonSku = {
      ...exchangeStandard(),
      skuId: '00000000-0000-0000-0000-0000000000ad',
      skuPartNumber: 'ADDON',
      servicePlans: [{ servicePlanId: '00000000-0000-0000-0000-0000000000ae', servicePlanName: 'TEAMS_ADDON_PLAN', appliesTo: 'User' }],
    };
    const cohortUser = user([path(null, [TEAMS])]);
    const other = user([path(null, [])], {
      assignedLicenses: [
        { skuId: E3, disabledPlans: [] },
        { skuId: addonSku.skuId, disabledPlans: [] },
      ],
    });
    const base = input([cohortUser, other]);
    const cohort = base.cohorts.find((c) => c.disabledPlans.includes(TEAMS))!;
    const f = preflightFindings({
      ...base,
      allSkus: [...base.allSkus, addonSku],
      cohort,
      members: [asMember(other)],
      cohortUsers: [cohortUser],
    });
    expect(f.find((x) => x.code === 'missingDependency')!.userIds).toEqual([other.id]);
    expect(f.some((x) => x.code === 'multipleCohorts')).toBe(true);
  });

  it('multipleCohorts says what happens to users of other cohorts: outside the group they stay direct, members are verified', () => {
    const other = user([path(null, [SWAY])]);
    const f = preflightFindings(input([user([path(null)]), user([path(null)]), other]));
    expect(codes(f)).toEqual(['multipleCohorts:warning']);
    expect(f[0].count).toBe(1);
    expect(f[0].userIds).toEqual([other.id]);
    expect(f[0].message).toContain(
      '1 user of another cohort is not in the group: the bot does not add them, and they keep their direct assignment.',
    );
    expect(f[0].message).not.toContain('already a member');

    const members = [user([path(null, [SWAY])]), user([path(null, [SWAY])])];
    const inGroup = preflightFindings(
      input([user([path(null)]), user([path(null)]), user([path(null)]), ...members], { members: members.map(asMember) }),
    );
    const finding = inGroup.find((x) => x.code === 'multipleCohorts')!;
    expect(finding.count).toBe(2);
    expect(finding.message).toContain(
      '2 users of other cohorts are already members of the group: verification checks them like everyone else.',
    );
    expect(finding.message).toContain('lose the direct assignment once their batch is approved');
    expect(finding.message).not.toContain('not in the group');
  });

  it('skuNotAssignable for a suspended subscription', () => {
    const base = input([user([path(null)])]);
    expect(codes(preflightFindings({ ...base, sku: e3({ capabilityStatus: 'Suspended', consumedUnits: 1 }) }))).toEqual([
      'skuNotAssignable:blocker',
    ]);
  });
});
