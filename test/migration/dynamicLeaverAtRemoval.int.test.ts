import { approveAndRunAll, directOf, type Harness } from '../support/engineHarness';
import { plannedSalesRun, SALES, slowMembershipWoodgrove } from '../support/woodgrove';
import { outcomesOf } from '../support/runState';

/**
 * Dynamic run group: HR changes a member's department in the instant between the pre-removal re-check and the removal.
 * The read-back after the removal carries the rule's attributes and evaluates the rule like the re-check does;
 * a status that stays Succeeded for incremental changes would not show the leave.
 */
describe('a rule leaver between the re-check and the removal', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('gets the direct assignment back (read-back evaluates the rule like the re-check does)', async () => {
    h = await slowMembershipWoodgrove();
    const run = await plannedSalesRun(h);
    const victim = SALES[0];
    await h.control('/triggers', 'POST', {
      method: 'POST',
      path: `/users/${victim}/assignLicense`,
      before: [{ user: victim, department: 'Marketing' }],
    });
    const done = await approveAndRunAll(h, run.id);
    const o = (await outcomesOf(h.engine, done.id)).find((x) => x.userId === victim);
    await new Promise((r) => setTimeout(r, 3500));
    const violations = (await h.control('/invariants')).violations;
    expect({ outcome: o?.outcome, direct: await directOf(h, victim), violations: violations.length }).toEqual({
      outcome: 'failed',
      direct: [],
      violations: 0,
    });
  }, 60_000);
});
