import { ConcurrencyError, type Journal, type RunStore } from '../../src/migration/store';
import type { Run } from '../../src/migration/types';
import { InvalidIdError, InvalidRecordError, SecretInJournalError } from '../../src/storage';
import { E3 } from '../support/constants';

/*
 * The behaviour every RunStore and Journal backend must show, shared by the memory, file and
 * blob test files. `make` gives fresh, empty stores, or null when the backend could not be
 * started (the suite prints why), in which case each test returns early.
 */

export type MakeStores = () => Promise<{ runs: RunStore; journal: Journal } | null>;

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
    batches: [{ id: 'b1', index: 0, userIds: ['u1', 'u2'], status: 'planned', approvals: [] }],
    outcomes: [],
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
      created.value.batches[0].userIds.push('intruder');
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
