import { createApp } from '../../src/index';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import type { MigrationEngine } from '../../src/migration/engine';
import { CONTOSO_ALL_USERS as ALL_USERS } from '../support/constants';
import { contoso, directOf, startHarness, type Harness } from '../support/engineHarness';
import { usersOf } from '../support/runState';

// Safety rules the engine keeps whatever its caller sends: batches in order, one voice per person, the run's tenant.
const TENANT = '00000000-0000-0100-0000-000000000000';
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';
const approve = (approverId: string, tenantId?: string) => ({
  approverId,
  decision: 'approve' as const,
  at: '',
  ...(tenantId ? { tenantId } : {}),
});

async function plannedRun(engine: MigrationEngine, extra: Record<string, unknown> = {}) {
  const run = await engine.createRun({ requestedBy: 'requester', skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS }, ...extra });
  await engine.prepare(run.id);
  await engine.verify(run.id);
  return engine.planBatches(run.id, { canarySize: 2, growthFactor: 2, maxBatchSize: 4 });
}

describe('the engine keeps the order and the voices of approvals', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(contoso(10));
  });
  afterEach(() => h.close());

  it('refuses a decision on any batch but the next one: the canary goes first', async () => {
    const run = await plannedRun(h.engine);
    const last = run.batches[run.batches.length - 1];
    await expect(h.engine.decideBatch(run.id, last.id, approve('approver-a'))).rejects.toMatchObject({
      code: 'illegalState',
      message: expect.stringContaining('batch 1 comes first'),
    });
    await expect(h.engine.executeBatch(run.id, last.id)).rejects.toMatchObject({
      code: 'illegalState',
      message: expect.stringContaining('cannot run yet'),
    });
    for (const id of await usersOf(h.engine, run, last)) expect(await directOf(h, id)).toEqual([]);
    const after = (await h.engine.getRun(run.id))!;
    expect(after.batches.map((b) => b.approvals.length)).toEqual(run.batches.map(() => 0));
  });

  it('takes the next batch only once the one before it has run', async () => {
    const run = await plannedRun(h.engine);
    const [canary, second] = run.batches;
    await h.engine.decideBatch(run.id, canary.id, approve('approver-a'));
    // Approved but not yet run: the second batch still waits for it.
    await expect(h.engine.decideBatch(run.id, second.id, approve('approver-a'))).rejects.toMatchObject({ code: 'illegalState' });
    await h.engine.executeBatch(run.id, canary.id);
    expect((await h.engine.decideBatch(run.id, second.id, approve('approver-a'))).batches[1].status).toBe('approved');
  });

  it('counts one person once, however the id is cased, and ignores a repeated decision', async () => {
    const run = await plannedRun(h.engine, { requiredApprovals: 2 });
    const canary = run.batches[0];
    const id = 'a11ce000-0000-4000-8000-00000000000A';
    await h.engine.decideBatch(run.id, canary.id, approve(id));
    const twice = await h.engine.decideBatch(run.id, canary.id, approve(id.toLowerCase()));
    expect(twice.batches[0]).toMatchObject({
      status: 'awaitingApproval',
      approvals: [expect.objectContaining({ approverId: id.toLowerCase() })],
    });
    await expect(h.engine.executeBatch(run.id, canary.id)).rejects.toMatchObject({ code: 'notApproved' });
    const journal = await h.journal.read(run.id);
    expect(journal.filter((e) => e.kind === 'batch.approval')).toHaveLength(1);
    expect((await h.engine.decideBatch(run.id, canary.id, approve('b0b00000-0000-4000-8000-000000000002'))).batches[0].status).toBe(
      'approved',
    );
  });

  it("refuses a decision from outside the run's tenant", async () => {
    const run = await plannedRun(h.engine, { tenantId: TENANT });
    const canary = run.batches[0];
    await expect(h.engine.decideBatch(run.id, canary.id, approve('approver-a', OTHER_TENANT))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(h.engine.decideBatch(run.id, canary.id, approve('approver-a'))).rejects.toMatchObject({ code: 'forbidden' });
    expect((await h.engine.decideBatch(run.id, canary.id, approve('approver-a', TENANT.toUpperCase()))).batches[0].status).toBe('approved');
  });
});

describe('FOUR_EYES reaches the engine from the configuration', () => {
  it('a run built through createApp is not approved by its requester alone, whatever the caller', async () => {
    const h = await startHarness(contoso(6));
    try {
      const config = loadConfig({ GRAPH_BASE_URL: h.sim.graphUrl, FOUR_EYES: 'true', STORAGE: 'memory:' });
      const { services } = await createApp({
        config,
        graph: h.graph,
        logger: createLogger('silent'),
        engineOptions: { pollIntervalMs: 50 },
      });
      const run = await plannedRun(services.engine);
      const canary = run.batches[0];
      const alone = await services.engine.decideBatch(run.id, canary.id, approve('requester'));
      expect(alone.batches[0].status).toBe('awaitingApproval');
      await expect(services.engine.executeBatch(run.id, canary.id)).rejects.toMatchObject({ code: 'notApproved' });
      const joined = await services.engine.decideBatch(run.id, canary.id, approve('approver-b'));
      expect(joined.batches[0].status).toBe('approved');
    } finally {
      await h.close();
    }
  });
});

describe('four-eyes counts everyone who shaped the run, not only who typed migrate', () => {
  it('an approver who chose the group cannot approve alone; someone who did not shape the run can', async () => {
    const h = await startHarness(contoso(6), { engine: { fourEyes: true } });
    try {
      const run = await plannedRun(h.engine, { shapedBy: [{ id: 'B0B00000-0000-4000-8000-000000000002', name: 'Bob' }] });
      expect(run.shapedBy).toEqual([{ id: 'B0B00000-0000-4000-8000-000000000002', name: 'Bob' }]);
      const canary = run.batches[0];
      const byShaper = await h.engine.decideBatch(run.id, canary.id, approve('b0b00000-0000-4000-8000-000000000002'));
      expect(byShaper.batches[0].status).toBe('awaitingApproval');
      await expect(h.engine.executeBatch(run.id, canary.id)).rejects.toMatchObject({ code: 'notApproved' });
      const byRequester = await h.engine.decideBatch(run.id, canary.id, approve('requester'));
      expect(byRequester.batches[0].status).toBe('awaitingApproval');
      const byReviewer = await h.engine.decideBatch(run.id, canary.id, approve('c0c00000-0000-4000-8000-000000000003'));
      expect(byReviewer.batches[0].status).toBe('approved');
      const created = (await h.journal.read(run.id)).find((e) => e.kind === 'run.created');
      expect(created?.detail).toMatchObject({ shapedBy: ['B0B00000-0000-4000-8000-000000000002'] });
    } finally {
      await h.close();
    }
  });

  it('refuses a malformed list of authors and creates nothing', async () => {
    const h = await startHarness(contoso(4));
    try {
      for (const shapedBy of [[{ id: '' }], 'bob', [{ id: 'x', name: 7 }], Array.from({ length: 21 }, (_, i) => ({ id: `p${i}` }))]) {
        await expect(
          h.engine.createRun({ requestedBy: 'requester', skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS }, shapedBy: shapedBy as never }),
        ).rejects.toMatchObject({ code: 'badInput', message: expect.stringContaining('shapedBy') });
      }
      expect(await h.engine.listRuns()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
