import { approveAndRunAll, directOf, fixture, startHarness, E3, type Harness } from '../support/engineHarness';
import { outcomesOf } from '../support/runState';

const user = (n: number) => `00000000-0000-0b00-0000-${n.toString(16).padStart(12, '0')}`;
const SALES_GROUP = '00000000-0000-0b01-0000-000000000001';
const SALES = Array.from({ length: 10 }, (_, i) => user(i + 1));

/**
 * Dynamic run group: HR changes a member's department in the instant between the pre-removal re-check and the removal.
 * The read-back after the removal carries the rule's attributes and evaluates the rule like the re-check does;
 * a status that stays Succeeded for incremental changes would not show the leave.
 */
describe('a rule leaver between the re-check and the removal', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('gets the direct assignment back (read-back evaluates the rule like the re-check does)', async () => {
    h = await startHarness(
      fixture('dynamic-groups.json', (f) => {
        f.behaviour.membershipProcessingDelayMs = 2000;
      }),
    );
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: E3, group: { id: SALES_GROUP } });
    await h.engine.prepare(run.id);
    await h.engine.verify(run.id);
    await h.engine.planBatches(run.id);
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
