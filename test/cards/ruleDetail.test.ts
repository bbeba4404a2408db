/**
 * The pre-flight's dynamic-group detail lines, made by the real check (src/migration/preflight with the rule
 * evaluator), said in Dutch on the card: the values and rule clauses stay as written.
 */
import { buildCohorts } from '../../src/migration/cohorts';
import { groupRule } from '../../src/migration/dynamicRule';
import { preflightFindings } from '../../src/migration/preflight';
import type { UserLicenses } from '../../src/graph/types';
import { buildPreflightCard } from '../../src/cards';
import { ruleDetailText } from '../../src/cards/ruleDetail';
import { localizer } from '../../src/i18n';
import { e3, group, path, user } from '../support/unitFixtures';
import { textOf } from './cardWalk';

const RULE = '(user.department -eq "Sales") -and (user.accountEnabled -eq true) -and -not (user.jobTitle -contains "(temp); x")';

function details(): string[] {
  const outsiders: UserLicenses[] = [
    user([path(null)], { userPrincipalName: 'trailing@contoso.example', directory: { department: 'Sales ', accountEnabled: true } }),
    user([path(null)], { userPrincipalName: 'unset@contoso.example', directory: { department: null, accountEnabled: false } }),
    user([path(null)], {
      userPrincipalName: 'temp@contoso.example',
      directory: { department: 'Sales', accountEnabled: true, jobTitle: 'Seller (temp); x "quoted"' },
    }),
  ];
  const sku = e3({ consumedUnits: outsiders.length });
  const cohorts = buildCohorts(sku, outsiders);
  const dynamicGroup = group({ groupTypes: ['DynamicMembership'], membershipRule: RULE });
  const findings = preflightFindings({
    sku,
    allSkus: [sku],
    cohort: cohorts[0],
    cohorts,
    group: dynamicGroup,
    members: [],
    cohortUsers: outsiders,
    dynamic: { rule: groupRule(dynamicGroup)!, outsiders: new Map(outsiders.map((u) => [u.id, u])) },
  });
  const unmatched = findings.find((f) => f.about?.variant === 'dynamicUnmatched');
  expect(unmatched?.details).toHaveLength(3);
  return unmatched!.details!;
}

describe('dynamic-group detail lines of the pre-flight', () => {
  const lines = details();
  const nl = localizer('nl');

  it('should say every line the check writes in Dutch, keeping users, values and clauses as written', () => {
    const said = lines.map((line) => ruleDetailText(line, nl));
    expect(said).toEqual([
      'trailing@contoso.example: department = "Sales " (de regel vraagt user.department -eq "Sales")',
      'unset@contoso.example: department is niet ingevuld (de regel vraagt user.department -eq "Sales"); accountEnabled = false (de regel vraagt user.accountEnabled -eq true)',
      'temp@contoso.example: jobTitle = "Seller (temp); x \\"quoted\\"" (de regel vraagt -not (user.jobTitle -contains "(temp); x"))',
    ]);
  });

  it('should keep English lines and any line of another shape as they are', () => {
    for (const line of lines) expect(ruleDetailText(line, localizer('en'))).toBe(line);
    for (const odd of ['someone@contoso.example: the user could not be read', 'no colon here', 'x@y: department = "a" (the rule needs'])
      expect(ruleDetailText(odd, nl)).toBe(odd);
  });

  it('should put the Dutch lines on the pre-flight card', () => {
    const findings = [
      {
        code: 'groupDynamic' as const,
        severity: 'warning' as const,
        message: 'English message',
        fix: 'English fix',
        count: 3,
        details: lines,
        about: { variant: 'dynamicUnmatched' as const, values: { group: 'All users', rule: RULE, count: 3, byRule: 1, named: 0 } },
      },
    ];
    const text = textOf(buildPreflightCard({ runId: 'r1', findings, cardVersion: 0 }, nl));
    expect(text).toContain('department is niet ingevuld');
    expect(text).not.toContain('the rule needs');
  });
});
