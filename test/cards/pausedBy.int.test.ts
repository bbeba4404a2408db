import { buildRunStatusCard } from '../../src/cards';
import { outcomeCause } from '../../src/cards/outcomeText';
import { pauseReasonText } from '../../src/cards/pauseText';
import { buildBatchResultCardFor } from '../../src/bot/replies';
import { localizer } from '../../src/i18n';
import { CONTOSO_ALL_USERS as ALL_USERS } from '../support/constants';
import { APPROVER, contoso, preparedAndVerified, startHarness, type Harness } from '../support/engineHarness';
import { outcomesOf } from '../support/runState';
import { textOf } from './cardWalk';

/**
 * A pause without a reason, through the engine over the simulator: the run records who paused it as data (by the
 * name the run knows them by, else their id), so a Dutch card says "gepauzeerd door …" and nothing of the English
 * "paused by …" the journal keeps.
 */
describe('a pause without a reason, said in the reader language', () => {
  let h: Harness;
  const en = localizer('en');
  const nl = localizer('nl');
  beforeEach(async () => {
    // One chunk at a time, so a pause seen by one chunk's save stops the batch before the next.
    h = await startHarness(contoso(40), { engine: { chunkSize: 10, chunkConcurrency: 1 } });
  });
  afterEach(() => h.close());

  it('names who paused it mid-batch, in Dutch on the status and batch result cards, and the users it stopped before', async () => {
    const run = await preparedAndVerified(h, { id: ALL_USERS }, { requestedByName: 'Alex Admin' });
    const batch = (await h.engine.planBatches(run.id, { canarySize: 40 })).batches[0];
    await h.engine.decideBatch(run.id, batch.id, { ...APPROVER, approverName: 'Bea Approver' });
    let pausing: Promise<unknown> | undefined;
    const result = await h.engine.executeBatch(run.id, batch.id, (e) => {
      // The requester pauses it from a button: no words of theirs.
      if (e.type === 'batchProgress') pausing ??= h.engine.pause(run.id, '', 'admin-1');
    });
    await pausing;
    expect(result.skipped).toBeGreaterThan(0);
    const paused = (await h.engine.getRun(run.id))!;
    expect(paused).toMatchObject({
      status: 'paused',
      pausedReason: 'paused by Alex Admin',
      pauseCause: { kind: 'pausedBy', by: 'Alex Admin' },
    });

    expect(pauseReasonText(paused, nl)).toBe('gepauzeerd door Alex Admin');
    expect(pauseReasonText(paused, en)).toBe('paused by Alex Admin');
    const status = textOf(buildRunStatusCard({ run: paused, fourEyes: false }, nl));
    expect(status).toContain('Gepauzeerd: gepauzeerd door Alex Admin.');
    expect(status).not.toMatch(/paused by/i);
    // The users the pause stopped before: "de run is gepauzeerd door Alex Admin", not the journal's English.
    const skipped = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'skipped');
    expect(skipped).toHaveLength(result.skipped);
    for (const o of skipped) {
      expect(o.detail).toEqual({ kind: 'notAttempted', stop: 'paused', by: 'Alex Admin' });
      expect(outcomeCause(o, nl)).toContain('(details: de run is gepauzeerd door Alex Admin)');
      expect(outcomeCause(o, nl)).not.toMatch(/paused|\bby\b/i);
    }
    const card = textOf(buildBatchResultCardFor(result, paused, nl));
    expect(card).toContain('de run is gepauzeerd door Alex Admin');
    expect(card).not.toMatch(/paused by|run paused/i);
    // The journal keeps the English sentence.
    const statuses = [];
    for await (const e of h.journal.entries(run.id)) if (e.kind === 'run.status') statuses.push(e.detail);
    expect(statuses).toContainEqual(expect.objectContaining({ status: 'paused', reason: 'paused by Alex Admin' }));
  });

  it('names an approver by the name their decision carried, a stranger by id, and keeps words someone gave', async () => {
    const run = await preparedAndVerified(h, { id: ALL_USERS });
    const batch = (await h.engine.planBatches(run.id, { canarySize: 5 })).batches[0];
    await h.engine.decideBatch(run.id, batch.id, { ...APPROVER, approverName: 'Bea Approver' });

    const byApprover = await h.engine.pause(run.id, '  ', APPROVER.approverId.toUpperCase());
    expect(byApprover.pauseCause).toEqual({ kind: 'pausedBy', by: 'Bea Approver' });
    expect(pauseReasonText(byApprover, nl)).toBe('gepauzeerd door Bea Approver');
    await h.engine.resume(run.id, 'admin-1');

    // The requester was stored without a name: their id.
    const byId = await h.engine.pause(run.id, '', 'admin-1');
    expect(byId).toMatchObject({ pausedReason: 'paused by admin-1', pauseCause: { kind: 'pausedBy', by: 'admin-1' } });
    expect(textOf(buildRunStatusCard({ run: byId, fourEyes: false }, nl))).toContain('Gepauzeerd: gepauzeerd door admin-1.');
    await h.engine.resume(run.id, 'admin-1');

    // The name the bot gives (the clicker's Teams name) comes first.
    const named = await h.engine.pause(run.id, '', 'admin-1', 'Alex (Teams)');
    expect(pauseReasonText(named, nl)).toBe('gepauzeerd door Alex (Teams)');
    await h.engine.resume(run.id, 'admin-1');

    // Words someone gave are theirs: no cause, the words as they are in every language.
    const because = await h.engine.pause(run.id, 'HR freeze', 'admin-1');
    expect(because.pauseCause).toBeUndefined();
    expect(pauseReasonText(because, nl)).toBe('HR freeze');
  });
});
