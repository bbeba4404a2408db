import { contoso, startHarness, type Harness } from '../support/engineHarness';
import { CONTOSO_ALL_USERS as ALL_USERS } from '../support/constants';

describe('bad input changes nothing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(contoso(10));
  });
  afterAll(() => h.close());

  it.each([
    [{ requestedBy: '', skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS } }, /requestedBy/],
    [{ requestedBy: 'a', skuId: 'NOPE', group: { id: ALL_USERS } }, /No subscribed SKU "NOPE"/],
    [{ requestedBy: 'a', skuId: 'ENTERPRISEPACK', group: { id: 'not-a-guid' } }, /not a GUID/],
    [{ requestedBy: 'a', skuId: 'ENTERPRISEPACK', group: { id: '00000000-0000-0000-0000-000000000999' } }, /No group with id/],
    [{ requestedBy: 'a', skuId: 'ENTERPRISEPACK', group: { createWithName: '  ' } }, /display name/],
    [{ requestedBy: 'a', skuId: 'ENTERPRISEPACK', cohortKey: 'x', group: { id: ALL_USERS } }, /No cohort x/],
    [{ requestedBy: 'a', skuId: 'ENTERPRISEPACK', requiredApprovals: 0, group: { id: ALL_USERS } }, /requiredApprovals/],
  ])('createRun %j', async (req, message) => {
    await expect(h.engine.createRun(req as never)).rejects.toMatchObject({ code: 'badInput', message: expect.stringMatching(message) });
    expect(await h.engine.listRuns()).toEqual([]);
  });

  it('out-of-order calls are refused with illegalState and leave the run as it was', async () => {
    const run = await h.engine.createRun({ requestedBy: 'a', skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS } });
    await expect(h.engine.verify(run.id)).rejects.toMatchObject({ code: 'illegalState' });
    await expect(h.engine.planBatches(run.id)).rejects.toMatchObject({ code: 'illegalState' });
    await expect(h.engine.pause(run.id, 'x', 'a')).rejects.toMatchObject({ code: 'illegalState' });
    await expect(h.engine.executeBatch(run.id, 'b0')).rejects.toMatchObject({ code: 'notFound' });
    await expect(h.engine.getRun('nope')).resolves.toBeNull();
    await expect(h.engine.report('nope')).rejects.toMatchObject({ code: 'notFound' });
    await expect(h.engine.planBatches(run.id, { canarySize: 0 })).rejects.toMatchObject({ code: 'badInput' });
    await expect(h.engine.discover('ENTERPRISEPACK', 'All users')).rejects.toMatchObject({ code: 'badInput' });
    expect((await h.engine.getRun(run.id))!.status).toBe('created');
  });
});

describe('four eyes', () => {
  it("the requester's own approval is not enough; one other approver is", async () => {
    const h = await startHarness(contoso(10), { engine: { fourEyes: true } });
    try {
      const run = await h.engine.createRun({ requestedBy: 'requester', skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS } });
      await h.engine.prepare(run.id);
      await h.engine.verify(run.id);
      const b = (await h.engine.planBatches(run.id)).batches[0];
      const self = await h.engine.decideBatch(run.id, b.id, { approverId: 'requester', decision: 'approve', at: '' });
      expect(self.batches[0].status).toBe('awaitingApproval');
      await expect(h.engine.executeBatch(run.id, b.id)).rejects.toMatchObject({ code: 'notApproved' });
      const other = await h.engine.decideBatch(run.id, b.id, { approverId: 'colleague', decision: 'approve', at: '' });
      expect(other.batches[0].status).toBe('approved');
      expect((await h.engine.executeBatch(run.id, b.id)).removed).toBe(10);
    } finally {
      await h.close();
    }
  });
});

describe('verification that times out', () => {
  it('reports the processing state and pending users without marking the run verified', async () => {
    const fx = contoso(10);
    fx.behaviour.groupProcessingDelayMs = 60_000;
    const h = await startHarness(fx);
    try {
      const run = await h.engine.createRun({ requestedBy: 'a', skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS } });
      await h.engine.prepare(run.id);
      const states: (string | null)[] = [];
      const report = await h.engine.verify(run.id, { timeoutMs: 300, onProgress: (e) => e.type === 'processing' && states.push(e.state) });
      expect(report.processingState).not.toBe('ProcessingComplete');
      expect(states.length).toBeGreaterThan(1);
      expect(report.summary.pending).toBe(10);
      expect(report.summary.ready).toBe(0);
      expect((await h.engine.getRun(run.id))!.status).toBe('prepared');
    } finally {
      await h.close();
    }
  });
});
