import { buildCohorts } from '../../src/migration/cohorts';
import { preflightFindings, type PreflightInput } from '../../src/migration/preflight';
import type { GroupMember, UserLicenses } from '../../src/graph/types';
import type { PreflightFinding } from '../../src/migration/types';
import { buildPreflightCard } from '../../src/cards';
import { findingText } from '../../src/cards/findingText';
import { localizer } from '../../src/i18n';
import { E3, EXSTD_SKU, SWAY, TEAMS, e3, exchangeStandard, group, path, user } from '../support/unitFixtures';
import { textOf } from './cardWalk';
import { skuProductName } from '../../src/migration/skuNames';

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
const asMember = (u: UserLicenses): GroupMember => ({ kind: 'user', ...u });

/** Findings of every variant the pre-flight makes, from the same checks the engine runs. */
function allFindings(): PreflightFinding[] {
  const out: PreflightFinding[] = [];
  const one = [user([path(null)])];
  out.push(
    ...preflightFindings(
      input(one, {
        group: group({
          securityEnabled: false,
          mailEnabled: true,
          groupTypes: ['DynamicMembership'],
          membershipRule: 'user.department -eq "Sales"',
          membershipRuleProcessingState: 'Paused',
        }),
        members: [{ kind: 'group', id: 'nested' }],
      }),
    ),
  );
  out.push(
    ...preflightFindings(input([user([path(null, [])])], { group: group({ assignedLicenses: [{ skuId: E3, disabledPlans: [TEAMS] }] }) })),
  );
  const holders = [user([path(null)], { usageLocation: null }), user([path(null)])];
  const newcomers = [
    user([], { usageLocation: null }),
    user([]),
    user([], { assignedLicenses: [{ skuId: EXSTD_SKU, disabledPlans: [] }] }),
  ];
  const sku = e3({ consumedUnits: 2, prepaidUnits: { enabled: 3, warning: 1, suspended: 0, lockedOut: 0 } });
  out.push(...preflightFindings({ ...input(holders), sku, members: newcomers.map(asMember) }));
  const members = [user([path(null, [SWAY])]), user([path(null, [SWAY])])];
  out.push(...preflightFindings(input([user([path(null)]), user([path(null, [SWAY])]), ...members], { members: members.map(asMember) })));
  out.push(...preflightFindings({ ...input(one), sku: e3({ capabilityStatus: 'Suspended', consumedUnits: 1 }) }));
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
  out.push(
    ...preflightFindings({
      ...base,
      allSkus: [...base.allSkus, addonSku],
      cohort: base.cohorts.find((c) => c.disabledPlans.includes(TEAMS))!,
      members: [asMember(other)],
      cohortUsers: [cohortUser],
    }),
  );
  return out;
}

describe('pre-flight findings in the language of the reader', () => {
  const findings = allFindings();
  const variants = new Set(findings.map((f) => f.about?.variant));

  it('should cover the variants people meet most', () => {
    for (const v of [
      'groupNotSecurityEnabled',
      'groupMailEnabled',
      'groupLicenseDiffers',
      'nestedGroups',
      'insufficientUnits',
      'usageLocationNew',
      'usageLocationCohort',
      'mutuallyExclusivePlans',
      'missingDependency',
      'multipleCohorts',
      'skuNotAssignable',
      'dynamicPaused',
    ])
      expect(variants).toContain(v);
    // Every finding says what it is as data, not only as an English sentence.
    expect(findings.filter((f) => !f.about)).toEqual([]);
  });

  it.each(findings.map((f, i) => [`${i} ${f.about?.variant}`, f] as const))('%s: says it in Dutch, and in English', (_n, f) => {
    const nl = findingText(f, localizer('nl'));
    const en = findingText(f, localizer('en'));
    expect(nl.message).not.toEqual(en.message);
    expect(nl.fix).not.toEqual(en.fix);
    // Tenant values (a group called "All users") are not the bot's English.
    const own = Object.values(f.about!.values).reduce<string>((text, v) => text.split(String(v)).join(''), nl.message);
    expect(own).not.toMatch(/\b(the|users?|would|keep|group member)\b/);
    // Names, codes and plans stay as they are; the product is named as every card names it, not by its part number.
    for (const [key, value] of Object.entries(f.about!.values))
      if (key === 'sku') expect(nl.message).toContain(skuProductName({ skuPartNumber: String(value) }));
      else if (typeof value === 'string' && value.length > 3) expect(nl.message).toContain(value);
  });

  it('should say the same as the English sentence the engine journals, where the wording did not change', () => {
    for (const f of findings.filter((x) =>
      ['groupNotSecurityEnabled', 'groupMailEnabled', 'groupLicenseDiffers', 'skuNotAssignable', 'multipleCohorts'].includes(
        x.about!.variant,
      ),
    )) {
      // The journal's sentence keeps the part number (as Graph and PowerShell show it); the card names the product.
      const sku = String(f.about!.values.sku ?? '');
      const message = sku ? f.message.split(sku).join(skuProductName({ skuPartNumber: sku })) : f.message;
      expect(findingText(f, localizer('en'))).toEqual({ message, fix: f.fix });
    }
  });

  it('should name the product on the card as the admin center does, whatever the journal says', () => {
    const withSku = findings.filter((f) => f.about!.values.sku === 'ENTERPRISEPACK');
    expect(withSku.length).toBeGreaterThanOrEqual(4);
    for (const f of withSku) {
      expect(f.message).toContain('ENTERPRISEPACK');
      for (const l of [localizer('en'), localizer('nl')]) {
        const said = findingText(f, l).message;
        expect(said).toContain('Office 365 E3');
        expect(said).not.toContain('ENTERPRISEPACK');
      }
    }
    // Graph's own name of the product, when the pre-flight read one, comes first.
    const named = { ...withSku[0], about: { ...withSku[0].about!, values: { ...withSku[0].about!.values, skuDisplayName: 'Contoso E3' } } };
    expect(findingText(named, localizer('en')).message).toContain('Contoso E3');
  });

  it('should put the Dutch sentences on the pre-flight card', () => {
    const text = textOf(buildPreflightCard({ runId: 'r1', findings, cardVersion: 0 }, localizer('nl')));
    expect(text).toContain('is niet beveiligingsgeschikt');
    expect(text).toContain('Oplossing: Kies een beveiligingsgroep');
    expect(text).not.toContain('is not security-enabled');
  });
});
