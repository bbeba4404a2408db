import { localizer } from '../../src/i18n';
import { pauseReasonText } from '../../src/cards/pauseText';
import type { Run } from '../../src/migration/types';
import type { BatchProblemAbout } from '../../src/migration/outcomeDetail';
import { runSchema } from '../../src/storage/schemas';
import { approveAndRunAll, contoso, preparedAndVerified, startHarness, type Harness } from '../support/engineHarness';
import { storedRun } from '../support/unitFixtures';

const batches = [
  { id: 'b0', index: 0 },
  { id: 'b1', index: 1 },
] as unknown as Run['batches'];

describe("why a run paused, in the reader's language", () => {
  it('says an engine-recorded cause in English and in Dutch, and a pause someone asked for in their words', () => {
    const en = localizer('en');
    const nl = localizer('nl');
    const rejected: Pick<Run, 'pausedReason' | 'pauseCause' | 'batches'> = {
      pausedReason: 'Batch b1 rejected by Bob: not today',
      pauseCause: { kind: 'rejected', batchId: 'b1', by: 'Bob', reason: 'not today' },
      batches,
    };
    expect(pauseReasonText(rejected, en)).toBe('batch 2 was rejected by Bob: not today');
    expect(pauseReasonText(rejected, nl)).toBe('batch 2 is afgewezen door Bob: not today');
    const problem = { pausedReason: 'x', pauseCause: { kind: 'batchProblem' as const, batchId: 'b0', detail: 'settle check: …' }, batches };
    expect(pauseReasonText(problem, nl)).toBe('de canary-batch gaf een onverwacht resultaat: settle check: …');
    const rolledBack = { pausedReason: 'x', pauseCause: { kind: 'rolledBack' as const, by: 'admin-1' }, batches };
    expect(pauseReasonText(rolledBack, en)).toBe('the run was rolled back by admin-1');
    expect(pauseReasonText({ pausedReason: 'gepauzeerd door Alex', batches }, en)).toBe('gepauzeerd door Alex');
  });

  it('says who paused a run without a reason in each language, and keeps runs of other versions loading', () => {
    const byName = { pausedReason: 'paused by Alex Admin', pauseCause: { kind: 'pausedBy' as const, by: 'Alex Admin' }, batches };
    expect(pauseReasonText(byName, localizer('nl'))).toBe('gepauzeerd door Alex Admin');
    expect(pauseReasonText(byName, localizer('en'))).toBe('paused by Alex Admin');
    // A run paused by an earlier version carries only its English sentence, shown as it is.
    expect(pauseReasonText({ pausedReason: 'paused by admin-1', batches }, localizer('nl'))).toBe('paused by admin-1');
    const stored = storedRun({ status: 'paused', pausedReason: 'paused by Alex Admin' });
    expect(runSchema.parse({ ...stored, pauseCause: byName.pauseCause }).pauseCause).toEqual(byName.pauseCause);
    expect(runSchema.parse(stored).pauseCause).toBeUndefined();
    // A cause without its person, or of a kind a newer version wrote, is dropped: the English sentence stays.
    for (const pauseCause of [{ kind: 'pausedBy' }, { kind: 'fromTheFuture', by: 'x' }]) {
      const read = runSchema.parse({ ...stored, pauseCause });
      expect(read.pauseCause).toBeUndefined();
      expect(read.pausedReason).toBe('paused by Alex Admin');
    }
  });
});

describe("an unexpected result said from its facts in the reader's language", () => {
  const en = localizer('en');
  const nl = localizer('nl');
  const paused = (about: BatchProblemAbout | undefined, detail = 'the engine says …') => ({
    pausedReason: `Batch b1: ${detail}`,
    pauseCause: { kind: 'batchProblem' as const, batchId: 'b1', detail, ...(about ? { about } : {}) },
    batches,
  });
  /** Words of the engine's English accounts that must not reach a Dutch card. */
  const ENGLISH = /\b(stopped|removing|settle|check|lost|services|re-added|could not|after waiting|verify|approving|the engine)\b/i;

  it('should say a user whose removal went wrong through their outcome code and detail', () => {
    const about: BatchProblemAbout = {
      kind: 'user',
      user: 'adele@contoso.example',
      outcome: 'failed',
      code: 'servicesLost',
      detail: { kind: 'restore', when: 'removal', risk: { kind: 'lost', plans: ['SWAY'] }, reAdded: true },
    };
    const said = pauseReasonText(paused(about, 'adele@contoso.example: after removal lost SWAY; direct assignment re-added'), nl)!;
    expect(said).toBe(
      'batch 2 gaf een onverwacht resultaat: adele@contoso.example: na het verwijderen ontbrak een service; de directe toewijzing is meteen ' +
        'teruggezet, tenzij de details iets anders zeggen (details: na het verwijderen: ze verloren SWAY; directe toewijzing teruggezet)',
    );
    expect(said).not.toMatch(ENGLISH);
    // English keeps the engine's own account.
    expect(pauseReasonText(paused(about, 'adele@contoso.example: after removal lost SWAY; direct assignment re-added'), en)).toBe(
      'batch 2 met an unexpected result: adele@contoso.example: after removal lost SWAY; direct assignment re-added',
    );
    // A Graph failure kind recorded as the code is said with the code as Graph names it.
    const refused = pauseReasonText(paused({ kind: 'user', user: 'u-1', outcome: 'failed', code: 'unconfirmed' }), nl)!;
    expect(refused).toContain('u-1: het verwijderen was bezig toen het proces stopte');
  });

  it('should say the group stopping removals, with the wait when there was one', () => {
    const group = 'Licensing E3';
    expect(pauseReasonText(paused({ kind: 'group', group, problem: { kind: 'licenseChanged', sku: 'ENTERPRISEPACK' } }), nl)).toBe(
      'batch 2 gaf een onverwacht resultaat: het verwijderen stopte voor de volgende gebruikers: de Office 365 E3-licentie van groep "Licensing E3" is gewijzigd (de uitgeschakelde abonnementen wijken af van die van de run)',
    );
    const waited = pauseReasonText(
      paused({ kind: 'group', group, problem: { kind: 'licenseProcessing', state: 'QueuedForProcessing' }, waitedSeconds: 600 }),
      nl,
    )!;
    expect(waited).toContain('(QueuedForProcessing), na 600 s wachten');
    expect(waited).not.toMatch(ENGLISH);
  });

  it('should say what the settle check found or why it did not finish', () => {
    const users = Array.from({ length: 10 }, (_, i) => `u${i + 1}@contoso.example`);
    const many = pauseReasonText(paused({ kind: 'settleRestored', count: 12, users, reAdded: true }), nl)!;
    expect(many).toBe(
      `batch 2 gaf een onverwacht resultaat: de nacontrole vond 12 gebruikers zonder een service nadat de groepsverwerking klaar was (${users.join(', ')}, …); hun directe toewijzing is teruggezet`,
    );
    const one = pauseReasonText(paused({ kind: 'settleRestored', count: 1, users: ['u1'], reAdded: false }), nl)!;
    expect(one).toContain(
      'vond 1 gebruiker zonder een service nadat de groepsverwerking klaar was (u1); de directe toewijzing kon voor sommigen NIET',
    );
    const unread = pauseReasonText(paused({ kind: 'settleIncomplete', gap: { kind: 'unread', user: 'u1', failure: 'throttled' } }), nl)!;
    expect(unread).toBe(
      'batch 2 gaf een onverwacht resultaat: de nacontrole is niet afgerond: u1 kon niet opnieuw worden gelezen (throttled); controleer de verwijderde gebruikers voordat je meer goedkeurt',
    );
    const slow = pauseReasonText(
      paused({
        kind: 'settleIncomplete',
        gap: { kind: 'group', group: 'G', problem: { kind: 'licenseProcessing' }, waitedSeconds: 900 },
      }),
      nl,
    )!;
    expect(slow).toContain('de nacontrole is niet afgerond: groep "G" ');
    expect(slow).toContain(', na 900 s wachten; controleer');
    for (const said of [many, one, unread, slow]) expect(said).not.toMatch(ENGLISH);
  });

  it('should keep the English account of a run paused by an earlier version, and of facts it cannot read', () => {
    expect(pauseReasonText(paused(undefined, 'settle check: …'), nl)).toBe('batch 2 gaf een onverwacht resultaat: settle check: …');
    const stored = storedRun({ status: 'paused', pausedReason: 'Batch b1: u1: x' });
    const about: BatchProblemAbout = { kind: 'settleRestored', count: 1, users: ['u1'], reAdded: true };
    const cause = { kind: 'batchProblem', batchId: 'b1', detail: 'u1: x' };
    expect(runSchema.parse({ ...stored, pauseCause: cause }).pauseCause).toEqual(cause);
    expect(runSchema.parse({ ...stored, pauseCause: { ...cause, about } }).pauseCause).toEqual({ ...cause, about });
    // Facts a newer version wrote are dropped on their own: the cause and its English stay.
    expect(runSchema.parse({ ...stored, pauseCause: { ...cause, about: { kind: 'fromTheFuture' } } }).pauseCause).toEqual(cause);
    // A user's detail of an unknown shape is dropped, the user and code stay.
    const user = { kind: 'user', user: 'u1', outcome: 'failed', code: 'servicesLost' };
    expect(
      runSchema.parse({ ...stored, pauseCause: { ...cause, about: { ...user, detail: { kind: 'fromTheFuture' } } } }).pauseCause,
    ).toEqual({
      ...cause,
      about: user,
    });
  });
});

describe('the engine records why it paused a run', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(contoso(30));
  });
  afterEach(() => h.close());

  it('on a rejection and a rollback, and forgets it on resume', async () => {
    const run = await preparedAndVerified(h, { createWithName: 'Licensing E3' });
    const planned = await h.engine.planBatches(run.id);
    await h.engine.decideBatch(run.id, planned.batches[0].id, {
      approverId: 'approver-1',
      approverName: 'Bob',
      decision: 'reject',
      reason: 'not today',
      at: '',
    });
    expect((await h.engine.getRun(run.id))!.pauseCause).toEqual({
      kind: 'rejected',
      batchId: planned.batches[0].id,
      by: 'Bob',
      reason: 'not today',
    });
    const resumed = await h.engine.resume(run.id, 'admin-1');
    expect(resumed.pauseCause).toBeUndefined();
    await h.engine.planBatches(run.id);
    await approveAndRunAll(h, run.id);
    await h.engine.rollback(run.id, 'admin-1');
    expect((await h.engine.getRun(run.id))!.pauseCause).toEqual({ kind: 'rolledBack', by: 'admin-1' });
  });
});
