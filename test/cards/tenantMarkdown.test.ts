import { buildCohorts } from '../../src/migration/cohorts';
import { preflightFindings } from '../../src/migration/preflight';
import { groupRule } from '../../src/migration/dynamicRule';
import { buildPreflightCard } from '../../src/cards/preflight';
import { cardText } from '../support/botHarness';
import { e3, exchangeStandard, group, path, user } from '../support/unitFixtures';

test('a group name and rule text from the tenant reach the pre-flight card as text, not as a link or emphasis', () => {
  const users = [user([path(null)])];
  const sku = e3({ consumedUnits: 1 });
  const cohorts = buildCohorts(sku, users);
  const g = group({
    displayName: '[Open the license portal](https://evil.example/login)',
    groupTypes: ['DynamicMembership'],
    membershipRule: 'user.extensionAttribute1 -eq "*_licensed_*"',
  });
  const findings = preflightFindings({
    sku,
    allSkus: [sku, exchangeStandard()],
    cohort: cohorts[0],
    cohorts,
    group: g,
    members: [],
    cohortUsers: users,
    dynamic: { rule: groupRule(g)!, outsiders: new Map() },
  });
  const text = cardText(buildPreflightCard({ runId: 'r1', findings, cardVersion: 0 }));
  expect(text).not.toContain('[Open the license portal](https://evil.example/login)');
  expect(text).not.toContain('"*_licensed_*"');
  expect(text).toContain('\\[Open the license portal\\]\\(https://evil.example/login\\)');
});
