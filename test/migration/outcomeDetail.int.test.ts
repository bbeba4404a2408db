import { approveAndRunAll, type Harness } from '../support/engineHarness';
import { plannedSalesRun, SALES, slowMembershipWoodgrove } from '../support/woodgrove';
import { outcomesOf } from '../support/runState';
import { outcomeCause } from '../../src/cards/outcomeText';
import { localizer } from '../../src/i18n';

const MISS = { property: 'department', value: 'Marketing', clause: 'user.department -eq "Sales"' };

/**
 * A real skip and a real failure against the simulator record what their reason names as data (read back from the
 * journal), and a Dutch card says it without the engine's English.
 */
describe('structured outcome details from the engine', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('records the rule a leaver fails, before the removal (skipped) and right after it (failed, re-added)', async () => {
    h = await slowMembershipWoodgrove();
    const run = await plannedSalesRun(h);
    // Sales 3 moves to Marketing before the batch; Sales 1 in the instant between the re-check and the removal.
    await h.control(`/users/${SALES[2]}/mutate`, 'POST', { department: 'Marketing' });
    await h.control('/triggers', 'POST', {
      method: 'POST',
      path: `/users/${SALES[0]}/assignLicense`,
      before: [{ user: SALES[0], department: 'Marketing' }],
    });
    const done = await approveAndRunAll(h, run.id);
    const outcomes = await outcomesOf(h.engine, done.id);
    const group = done.groupDisplayName;

    const skipped = outcomes.find((o) => o.userId === SALES[2])!;
    expect(skipped).toMatchObject({ outcome: 'skipped', code: 'notMember', detail: { kind: 'ruleLeaver', group, misses: [MISS] } });
    expect(skipped.reason).toContain('no longer matches');

    const failed = outcomes.find((o) => o.userId === SALES[0])!;
    expect(failed).toMatchObject({
      outcome: 'failed',
      code: 'leftGroup',
      detail: { kind: 'restore', when: 'removal', risk: { kind: 'ruleMiss', group, misses: [MISS] }, reAdded: true },
    });
    expect(failed.reason).toMatch(/^after removal .*; direct assignment re-added$/);

    const nl = localizer('nl');
    for (const o of [skipped, failed]) {
      const said = outcomeCause(o, nl);
      expect(said).toContain('department = "Marketing" (de regel vraagt user.department -eq "Sales")');
      expect(said).not.toMatch(/no longer matches|after removal|direct assignment|the rule needs/);
    }
  }, 60_000);
});
