import { ConcurrencyError, type Journal, type RunStore } from '../../src/migration/store';
import type { JournalEntry, Run } from '../../src/migration/types';
import { InvalidIdError, InvalidRecordError, SecretInJournalError } from '../../src/storage';
import { MissingUserListError } from '../../src/storage/userLists';
import { MigrationService } from '../../src/migration/engine';
import { outcomeEntry } from '../../src/migration/outcomes';
import type { LicensingGraph } from '../../src/graph/licensingGraph';
import { E3 } from '../support/constants';
import { plannedBatch } from '../support/runState';

/*
 * The behaviour every RunStore and Journal backend must show, shared by the memory, file and
 * blob test files. `make` gives fresh, empty stores, or null when the backend could not be
 * started (the suite prints why), in which case each test returns early. A durable backend also
 * gives `tearJournal`, which appends raw bytes to a run's journal the way a crash mid-append leaves them,
 * and `writeRunDocument`, which stores a run document as an earlier version wrote it.
 */

export type MakeStores = () => Promise<{
  runs: RunStore;
  journal: Journal;
  tearJournal?: (runId: string, bytes: string) => Promise<void>;
  /** Stores a run document as it is kept on this backend (the envelope around `run`), bypassing the checks. */
  writeRunDocument?: (run: Record<string, unknown>) => Promise<void>;
} | null>;

/** Everything a stream yields, in order. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const x of stream) all.push(x);
  return all;
}

/** A small valid run. */
export function sampleRun(id: string, createdAt = '2026-01-01T00:00:00.000Z'): Run {
  return {
    id,
    requestedBy: 'aad-user-1',
    createdAt,
    updatedAt: createdAt,
    status: 'created',
    skuId: E3,
    skuPartNumber: 'ENTERPRISEPACK',
    disabledPlans: [],
    groupId: 'g1',
    groupDisplayName: 'E3 users',
    createdGroup: false,
    requiredApprovals: 1,
    batches: [plannedBatch({ id: 'b1', size: 2, listId: 'l1', sample: ['u1', 'u2'] })],
    conversation: { serviceUrl: 'https://smba.example/', conversation: { id: 'c1' } },
  };
}

/** What every RunStore must do. */
export function runStoreContract(name: string, make: MakeStores): void {
  describe(`${name} RunStore`, () => {
    test('create then get returns the run with an etag; get of an unknown id is null', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      const created = await runs.create(sampleRun('r1'));
      expect(created.etag).toEqual(expect.any(String));
      const got = await runs.get('r1');
      expect(got).toEqual({ value: sampleRun('r1'), etag: created.etag });
      expect(await runs.get('nope')).toBeNull();
    });

    test('nextRunNumber counts 1, 2, 3… per scope and hands each number out once, however many ask at once', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      const got = await Promise.all(Array.from({ length: 8 }, () => runs.nextRunNumber('tenant-a')));
      expect([...got].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(await runs.nextRunNumber('tenant-b')).toBe(1);
      expect(await runs.nextRunNumber('tenant-a')).toBe(9);
      await expect(runs.nextRunNumber('../escape')).rejects.toBeInstanceOf(InvalidIdError);
    });

    test('a run keeps its name and number', async () => {
      const s = await make();
      if (!s) return;
      await s.runs.create({ ...sampleRun('r1'), name: 'E3 → E3 users · #4', number: 4 });
      expect((await s.runs.get('r1'))?.value).toMatchObject({ name: 'E3 → E3 users · #4', number: 4 });
    });

    test('create of an existing id is a ConcurrencyError and keeps the first run', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      await runs.create(sampleRun('r1'));
      await expect(runs.create({ ...sampleRun('r1'), requestedBy: 'someone-else' })).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await runs.get('r1'))?.value.requestedBy).toBe('aad-user-1');
    });

    test('replace with the current etag succeeds and changes the etag', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      const v1 = await runs.create(sampleRun('r1'));
      const v2 = await runs.replace({ ...v1.value, status: 'prepared' }, v1.etag);
      expect(v2.etag).not.toBe(v1.etag);
      expect(await runs.get('r1')).toEqual({ value: { ...sampleRun('r1'), status: 'prepared' }, etag: v2.etag });
    });

    test('replace with a stale etag is a ConcurrencyError and changes nothing', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      const v1 = await runs.create(sampleRun('r1'));
      const v2 = await runs.replace({ ...v1.value, status: 'prepared' }, v1.etag);
      await expect(runs.replace({ ...v1.value, status: 'cancelled' }, v1.etag)).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await runs.get('r1')).toEqual(v2);
    });

    test('concurrent replaces from the same etag: exactly one wins', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      const v1 = await runs.create(sampleRun('r1'));
      const results = await Promise.allSettled(
        ['prepared', 'verified', 'cancelled', 'paused'].map((status) =>
          runs.replace({ ...v1.value, status: status as Run['status'] }, v1.etag),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
      expect((await runs.get('r1'))?.value.status).toBe((won[0] as PromiseFulfilledResult<{ value: Run }>).value.value.status);
    });

    test('replace of a run that does not exist is a ConcurrencyError', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      await expect(runs.replace(sampleRun('ghost'), '1')).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await runs.get('ghost')).toBeNull();
    });

    test('list returns runs newest first', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      expect(await runs.list()).toEqual([]);
      await runs.create(sampleRun('old', '2026-01-01T00:00:00.000Z'));
      await runs.create(sampleRun('newest', '2026-03-01T00:00:00.000Z'));
      await runs.create(sampleRun('middle', '2026-02-01T00:00:00.000Z'));
      expect((await runs.list()).map((r) => r.id)).toEqual(['newest', 'middle', 'old']);
    });

    test('stored values are copies: mutating what was passed in or returned changes nothing', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      const run = sampleRun('r1');
      const created = await runs.create(run);
      run.status = 'cancelled';
      created.value.batches[0].sample.push('intruder');
      created.value.batches[0].tally.removed = 99;
      const got = await runs.get('r1');
      expect(got?.value).toEqual(sampleRun('r1'));
    });

    test('a run with an unsafe id or a bad shape is refused and nothing is stored', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      await expect(runs.create(sampleRun('../escape'))).rejects.toBeInstanceOf(InvalidIdError);
      await expect(runs.create({ ...sampleRun('r2'), status: 'exploded' as Run['status'] })).rejects.toThrow(InvalidRecordError);
      await expect(runs.create({ ...sampleRun('r3'), batches: 'none' as unknown as Run['batches'] })).rejects.toThrow(/batches/);
      await expect(runs.get('a/b')).rejects.toBeInstanceOf(InvalidIdError);
      expect(await runs.list()).toEqual([]);
    });

    test('a user list is saved once and read back in order; lists are kept per run and per id', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      await runs.saveUserList('r1', 'l1', ['u3', 'u1', 'u2']);
      await runs.saveUserList('r1', 'l2', ['u4']);
      await runs.saveUserList('r2', 'l1', ['u5', 'u6']);
      expect(await runs.readUserList('r1', 'l1')).toEqual(['u3', 'u1', 'u2']);
      expect(await runs.readUserList('r1', 'l2')).toEqual(['u4']);
      expect(await runs.readUserList('r2', 'l1')).toEqual(['u5', 'u6']);
      // Lists are not runs.
      expect(await runs.list()).toEqual([]);
    });

    test('a list of 20,000 users round-trips', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      const ids = Array.from({ length: 20_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      await runs.saveUserList('r1', 'big', ids);
      expect(await runs.readUserList('r1', 'big')).toEqual(ids);
    });

    test('saving the same list again is a no-op; another list under the same id is a ConcurrencyError and changes nothing', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      await runs.saveUserList('r1', 'l1', ['u1', 'u2']);
      await expect(runs.saveUserList('r1', 'l1', ['u1', 'u2'])).resolves.toBeUndefined();
      await expect(runs.saveUserList('r1', 'l1', ['u1', 'u2', 'u3'])).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(runs.saveUserList('r1', 'l1', ['u2', 'u1'])).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(runs.saveUserList('r1', 'l1', [])).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await runs.readUserList('r1', 'l1')).toEqual(['u1', 'u2']);
    });

    test('concurrent saves under one id: the same list always succeeds, different lists leave exactly one', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      await Promise.all(Array.from({ length: 4 }, () => runs.saveUserList('r1', 'same', ['u1', 'u2'])));
      expect(await runs.readUserList('r1', 'same')).toEqual(['u1', 'u2']);
      const lists = [['a'], ['b'], ['c'], ['d']];
      const results = await Promise.allSettled(lists.map((l) => runs.saveUserList('r1', 'raced', l)));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [lists[i]] : []));
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
      expect(await runs.readUserList('r1', 'raced')).toEqual(won[0]);
    });

    test('reading a list that was never saved is a MissingUserListError naming the run and the list', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      await runs.saveUserList('r1', 'l1', ['u1']);
      for (const [runId, listId] of [
        ['r1', 'l2'],
        ['r2', 'l1'],
      ]) {
        const err = await runs.readUserList(runId, listId).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MissingUserListError);
        expect((err as Error).message).toContain(`run ${runId}`);
        expect((err as Error).message).toContain(`list ${listId}`);
      }
    });

    test('unsafe ids and empty or non-string user ids are refused, and nothing is stored', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      await expect(runs.saveUserList('../escape', 'l1', ['u1'])).rejects.toBeInstanceOf(InvalidIdError);
      await expect(runs.saveUserList('r1', '../../runs/r1', ['u1'])).rejects.toBeInstanceOf(InvalidIdError);
      await expect(runs.saveUserList('r1', 'a/b', ['u1'])).rejects.toBeInstanceOf(InvalidIdError);
      await expect(runs.readUserList('r1', '../l1')).rejects.toBeInstanceOf(InvalidIdError);
      await expect(runs.readUserList('..', 'l1')).rejects.toBeInstanceOf(InvalidIdError);
      await expect(runs.saveUserList('r1', 'l1', ['u1', ''])).rejects.toBeInstanceOf(InvalidRecordError);
      await expect(runs.saveUserList('r1', 'l1', ['u1', 7 as unknown as string])).rejects.toBeInstanceOf(InvalidRecordError);
      await expect(runs.saveUserList('r1', 'l1', 'u1' as unknown as string[])).rejects.toBeInstanceOf(InvalidRecordError);
      await expect(runs.readUserList('r1', 'l1')).rejects.toBeInstanceOf(MissingUserListError);
      // The refused attempts took nothing: the id is still free.
      await runs.saveUserList('r1', 'l1', ['u1']);
      expect(await runs.readUserList('r1', 'l1')).toEqual(['u1']);
    });

    test('stored lists are copies: mutating what was passed in or returned changes nothing', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      const ids = ['u1', 'u2'];
      await runs.saveUserList('r1', 'l1', ids);
      ids.push('intruder');
      (await runs.readUserList('r1', 'l1')).push('intruder');
      expect(await runs.readUserList('r1', 'l1')).toEqual(['u1', 'u2']);
    });

    test('fields added to Run by other modules survive a round trip', async () => {
      const s = await make();
      if (!s) return;
      const { runs } = s;
      const run = { ...sampleRun('r1'), futureField: { x: 1 } } as Run;
      await runs.create(run);
      expect((await runs.get('r1'))?.value).toEqual(run);
    });
  });
}

/** What every Journal must do. */
export function journalContract(name: string, make: MakeStores): void {
  describe(`${name} Journal`, () => {
    test('append assigns seq 1, 2, 3 per run and a timestamp; read returns entries in order', async () => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      const a = await journal.append({ runId: 'r1', kind: 'run.created', actorId: 'u1' });
      const b = await journal.append({ runId: 'r2', kind: 'run.created' });
      const c = await journal.append({ runId: 'r1', kind: 'license.removing', userId: 'x', undo: { skuId: 's', disabledPlans: ['p'] } });
      expect([a.seq, b.seq, c.seq]).toEqual([1, 1, 2]);
      expect(new Date(a.at).toISOString()).toBe(a.at);
      expect(await journal.read('r1')).toEqual([a, c]);
      expect(await journal.read('r2')).toEqual([b]);
      expect(await journal.read('r3')).toEqual([]);
    });

    test('appendMany writes a group of one run with consecutive seqs after earlier entries', async () => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      await journal.append({ runId: 'r1', kind: 'batch.started', batchId: 'b0' });
      const group = await journal.appendMany(
        ['u1', 'u2', 'u3'].map((userId) => ({
          runId: 'r1',
          batchId: 'b0',
          userId,
          kind: 'license.removing' as const,
          undo: { skuId: 's', disabledPlans: [] },
        })),
      );
      expect(group.map((e) => [e.seq, e.userId])).toEqual([
        [2, 'u1'],
        [3, 'u2'],
        [4, 'u3'],
      ]);
      expect((await journal.read('r1')).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(await journal.appendMany([])).toEqual([]);
      expect((await journal.append({ runId: 'r1', kind: 'batch.finished', batchId: 'b0' })).seq).toBe(5);
    });

    test('appendMany refuses a group with another run or a secret, and writes none of it', async () => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      await expect(
        journal.appendMany([
          { runId: 'r1', kind: 'user.skipped', userId: 'a' },
          { runId: 'r2', kind: 'user.skipped', userId: 'b' },
        ]),
      ).rejects.toThrow(/one run/);
      await expect(
        journal.appendMany([
          { runId: 'r1', kind: 'user.skipped', userId: 'a' },
          { runId: 'r1', kind: 'action.refused', detail: { password: 'x' } },
        ]),
      ).rejects.toBeInstanceOf(SecretInJournalError);
      expect(await journal.read('r1')).toEqual([]);
      expect(await journal.read('r2')).toEqual([]);
    });

    test('caller-supplied seq and at are overridden', async () => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      const e = await journal.append({ runId: 'r1', kind: 'run.created', seq: 99, at: 'yesterday' } as never);
      expect(e.seq).toBe(1);
      expect(e.at).not.toBe('yesterday');
    });

    test('concurrent appends get distinct, gap-free seqs', async () => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      const entries = await Promise.all(
        Array.from({ length: 25 }, (_, i) => journal.append({ runId: 'r1', kind: 'user.skipped', userId: `u${i}` })),
      );
      expect(entries.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect((await journal.read('r1')).map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    });

    test.each([
      [{ password: 'hunter2' }, 'detail.password'],
      [{ clientSecret: 'abc' }, 'detail.clientSecret'],
      [{ access_token: 'abc' }, 'detail.access_token'],
      [{ request: { headers: { Authorization: 'x' } } }, 'detail.request.headers.Authorization'],
      [{ items: [{ ok: 1 }, { apiKey: 'k' }] }, 'detail.items[1].apiKey'],
      [{ header: 'Bearer eyJhbGciOi.abc.def' }, 'detail.header'],
      [{ cs: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0;' }, 'detail.cs'],
    ])('an entry whose detail holds a secret (%j) is refused, naming %s, and nothing is written', async (detail, where) => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      const attempt = journal.append({ runId: 'r1', kind: 'action.refused', detail });
      await expect(attempt).rejects.toBeInstanceOf(SecretInJournalError);
      await expect(journal.append({ runId: 'r1', kind: 'action.refused', detail })).rejects.toThrow(where);
      expect(await journal.read('r1')).toEqual([]);
      // The refusal does not use up a seq.
      expect((await journal.append({ runId: 'r1', kind: 'action.refused', detail: { reason: 'not an approver' } })).seq).toBe(1);
    });

    test('a refused message never repeats the secret value', async () => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      await expect(journal.append({ runId: 'r1', kind: 'action.refused', detail: { password: 'hunter2' } })).rejects.toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
    });

    test('ordinary details (counts, reasons, codes, plan names) are accepted', async () => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      const detail = {
        reason: 'planMismatch',
        code: 'MutuallyExclusiveViolation',
        missingPlans: ['EXCHANGE_S_ENTERPRISE'],
        removed: 3,
        keyboard: 'fine',
      };
      expect((await journal.append({ runId: 'r1', kind: 'batch.finished', detail })).detail).toEqual(detail);
    });

    test('entries streams the same entries as read, in order, run by run', async () => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      expect(await collect(journal.entries('r1'))).toEqual([]);
      await journal.append({ runId: 'r1', kind: 'run.created', actorId: 'u1' });
      await journal.append({ runId: 'r2', kind: 'run.created' });
      await journal.appendMany(
        ['u1', 'u2', 'u3'].map((userId) => ({
          runId: 'r1',
          batchId: 'b0',
          userId,
          kind: 'user.outcome' as const,
          detail: { outcome: 'removed' },
        })),
      );
      await journal.append({ runId: 'r1', kind: 'batch.finished', batchId: 'b0' });
      const streamed = await collect(journal.entries('r1'));
      expect(streamed).toEqual(await journal.read('r1'));
      expect(streamed.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(streamed.map((e) => e.userId ?? e.kind)).toEqual(['run.created', 'u1', 'u2', 'u3', 'batch.finished']);
      expect(await collect(journal.entries('r2'))).toEqual(await journal.read('r2'));
      expect(await collect(journal.entries('r3'))).toEqual([]);
    });

    test('entries reads a journal larger than one read stretch (1 MB) whole and in order', async () => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      const note = 'a reason long enough to make the journal grow quickly '.repeat(20);
      for (let group = 0; group < 12; group++)
        await journal.appendMany(
          Array.from({ length: 100 }, (_, i) => ({
            runId: 'r1',
            batchId: 'b0',
            userId: `u${group * 100 + i}`,
            kind: 'user.skipped' as const,
            detail: { reason: note },
          })),
        );
      const streamed: JournalEntry[] = await collect(journal.entries('r1'));
      expect(streamed).toHaveLength(1_200);
      expect(streamed.map((e) => e.seq)).toEqual(Array.from({ length: 1_200 }, (_, i) => i + 1));
      expect(streamed).toEqual(await journal.read('r1'));
    }, 60_000);

    test('entries of an unsafe run id is refused', async () => {
      const s = await make();
      if (!s) return;
      await expect(collect(s.journal.entries('../../etc/passwd'))).rejects.toBeInstanceOf(InvalidIdError);
    });

    test('a torn last line (a crash mid-append) ends the stream after the complete entries', async () => {
      const s = await make();
      if (!s?.tearJournal) return;
      const { journal } = s;
      await journal.append({ runId: 'r1', kind: 'run.created' });
      await journal.append({ runId: 'r1', kind: 'license.removing', userId: 'u1', undo: { skuId: 's', disabledPlans: [] } });
      await s.tearJournal('r1', '{"seq":3,"at":"2026-01-01T00:00:00.000Z","runId":"r1","kind":"license.rem');
      const streamed = await collect(journal.entries('r1'));
      expect(streamed.map((e) => [e.seq, e.kind])).toEqual([
        [1, 'run.created'],
        [2, 'license.removing'],
      ]);
      expect(streamed).toEqual(await journal.read('r1'));
    });

    test('an entry with an unknown kind or unsafe run id is refused', async () => {
      const s = await make();
      if (!s) return;
      const { journal } = s;
      await expect(journal.append({ runId: 'r1', kind: 'license.vaporised' as never })).rejects.toThrow(InvalidRecordError);
      await expect(journal.append({ runId: '../../etc/passwd', kind: 'run.created' })).rejects.toBeInstanceOf(InvalidIdError);
      expect(await journal.read('r1')).toEqual([]);
    });
  });
}

/**
 * A run as the version before per-batch user lists wrote it: each batch carries its `userIds` inline and has no
 * size, sample or tally; the run keeps every user's outcome in `outcomes`.
 */
export function legacyRunDocument(id = 'legacy'): Record<string, unknown> {
  const users = Array.from({ length: 14 }, (_, i) => `u${i + 1}`);
  const at = '2026-01-01T01:00:00.000Z';
  const outcome = (userId: string, batchId: string, kind: string, extra: Record<string, unknown> = {}) => ({
    userId,
    batchId,
    outcome: kind,
    at,
    ...extra,
  });
  return {
    ...sampleRun(id),
    status: 'removing',
    batches: [
      {
        id: 'b0',
        index: 0,
        userIds: users.slice(0, 12),
        status: 'done',
        approvals: [{ approverId: 'approver-1', decision: 'approve', at }],
        executionKey: 'k0',
      },
      { id: 'b1', index: 1, userIds: users.slice(12), status: 'awaitingApproval', approvals: [] },
    ],
    outcomes: [
      ...users.slice(0, 10).map((u) => outcome(u, 'b0', 'removed')),
      outcome('u11', 'b0', 'skipped', { reason: 'notMember' }),
      outcome('u12', 'b0', 'failed', { reason: 'Graph returned 500', code: 'serviceUnavailable' }),
      // The settle check found u2 had lost services: its last outcome is 'failed'.
      outcome('u2', 'b0', 'failed', { reason: 'services lost', code: 'servicesLost' }),
      // A rollback re-added u3's direct assignment.
      outcome('u3', 'b0', 'restored'),
    ],
  };
}

/** What every durable RunStore must do with run documents an earlier version wrote. */
export function legacyRunContract(name: string, make: MakeStores): void {
  describe(`${name} RunStore with runs written by the previous version`, () => {
    test('a run with inline batch users and run-level outcomes loads: size, sample and tally are filled from it', async () => {
      const s = await make();
      if (!s?.writeRunDocument) return;
      const { runs, journal } = s;
      const doc = legacyRunDocument();
      await s.writeRunDocument(doc);
      const got = (await runs.get('legacy'))!;
      const [b0, b1] = got.value.batches;
      expect(b0).toMatchObject({
        size: 12,
        userIds: users(doc, 0),
        sample: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', 'u10'],
        tally: { removed: 9, skipped: 1, failed: 2, restored: 1 },
      });
      expect(b1).toMatchObject({
        size: 2,
        userIds: ['u13', 'u14'],
        sample: ['u13', 'u14'],
        tally: { removed: 0, skipped: 0, failed: 0, restored: 0 },
      });
      expect(b0.listId).toBeUndefined();
      expect(got.value.outcomes).toEqual(doc.outcomes);
      expect((await runs.list()).map((r) => r.batches.map((b) => b.tally))).toEqual([got.value.batches.map((b) => b.tally)]);

      // The engine reads the batch users inline, and every outcome: the run's, then the journal's.
      const engine = new MigrationService({ graph: {} as LicensingGraph, runs, journal });
      expect(await engine.batchUsers('legacy', 'b0')).toEqual(users(doc, 0));
      expect(await engine.batchUsers('legacy', 'b1')).toEqual(['u13', 'u14']);
      await journal.append(outcomeEntry('legacy', { userId: 'u13', batchId: 'b1', outcome: 'removed', at: '2026-01-02T00:00:00.000Z' }));
      const all = await collect(engine.outcomes('legacy'));
      expect(all.slice(0, -1)).toEqual(doc.outcomes);
      expect(all.at(-1)).toMatchObject({ userId: 'u13', batchId: 'b1', outcome: 'removed' });
      const report = await engine.report('legacy');
      expect(report.totals).toEqual({ removed: 9, skipped: 1, failed: 2, restored: 1, remaining: 2 });
      expect(report.issues.map((o) => [o.userId, o.outcome])).toEqual([
        ['u12', 'failed'],
        ['u2', 'failed'],
        ['u11', 'skipped'],
      ]);

      // Once changed, the run is stored in the new shape and keeps what it had.
      const next = await runs.replace({ ...got.value, status: 'paused', pausedReason: 'upgrade' }, got.etag);
      expect((await runs.get('legacy'))!.value).toEqual(next.value);
      expect(next.value.batches.map((b) => b.tally)).toEqual(got.value.batches.map((b) => b.tally));
    });
  });
}

function users(doc: Record<string, unknown>, batch: number): string[] {
  return (doc.batches as { userIds: string[] }[])[batch].userIds;
}
