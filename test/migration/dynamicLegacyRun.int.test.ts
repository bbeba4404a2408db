import { approveAndRunAll, fixture, startHarness, E3, type Harness } from '../support/engineHarness';

const SALES_GROUP = '00000000-0000-0b01-0000-000000000001';

/** Earlier versions stored runs into a dynamic group without its rule; the gate would refuse every chunk of them. */
describe('a run into a dynamic group stored without its rule (before rules were recorded)', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('takes the group rule on at its next batch and finishes, checking the rule for each user', async () => {
    h = await startHarness(fixture('dynamic-groups.json'));
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: E3, group: { id: SALES_GROUP } });
    await h.engine.prepare(run.id);
    await h.engine.verify(run.id);
    await h.engine.planBatches(run.id);
    // As the earlier version stored it: the same run, without the rule.
    const stored = (await h.runs.get(run.id))!;
    const legacy = { ...stored.value };
    delete legacy.membershipRule;
    await h.runs.replace(legacy, stored.etag);
    const done = await approveAndRunAll(h, run.id);
    expect({ status: done.status, reason: done.pausedReason }).toEqual({ status: 'completed', reason: undefined });
    expect(done.membershipRule).toBe(stored.value.membershipRule);
    const adopted = (await h.journal.read(run.id)).filter((e) => e.kind === 'run.membershipRule');
    expect(adopted.map((e) => e.detail?.membershipRule)).toEqual([stored.value.membershipRule]);
  }, 60_000);
});
