import { parseMembershipRule, type RuleValue } from '../../src/common/membershipRule';

const reader = (values: Record<string, RuleValue>) => (p: string) => values[p] ?? null;
const why = (rule: string, values: Record<string, RuleValue>) =>
  parseMembershipRule(rule)
    .explain(reader(values))
    .map((m) => `${m.negated ? 'not ' : ''}${m.clause} <- ${JSON.stringify(m.actual)}`);

describe('explaining why a membership rule leaves a user out', () => {
  const SALES = '(user.department -eq "Sales") -and (user.accountEnabled -eq true)';

  it('a matched user has nothing to explain', () => {
    expect(why(SALES, { department: 'sales', accountEnabled: true })).toEqual([]);
  });

  it('-and names only the failing sides, with the values that fail them', () => {
    expect(why(SALES, { department: 'sales ', accountEnabled: true })).toEqual(['user.department -eq "Sales" <- "sales "']);
    expect(why(SALES, { department: null, accountEnabled: false })).toEqual([
      'user.department -eq "Sales" <- null',
      'user.accountEnabled -eq true <- false',
    ]);
  });

  it('-or names every branch, since all of them failed', () => {
    expect(why('user.country -eq "NL" -or user.usageLocation -in ["NL", "BE"]', { country: 'DE', usageLocation: 'DE' })).toEqual([
      'user.country -eq "NL" <- "DE"',
      'user.usageLocation -in ["NL", "BE"] <- "DE"',
    ]);
  });

  it('under -not, the clause that holds is the one that keeps the user out', () => {
    expect(
      why('-not (user.jobTitle -contains "Intern") -and user.department -startsWith "Sal"', {
        jobTitle: 'Sales intern',
        department: 'Sales',
      }),
    ).toEqual(['not user.jobTitle -contains "Intern" <- "Sales intern"']);
  });

  it('clauses are quoted as written, extension attributes included', () => {
    expect(why(`user.extensionAttribute1 -in ['E3', 'E3-Full']`, { extensionAttribute1: 'E5' })).toEqual([
      `user.extensionAttribute1 -in ['E3', 'E3-Full'] <- "E5"`,
    ]);
  });
});
