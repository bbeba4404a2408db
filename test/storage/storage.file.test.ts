import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { ConcurrencyError } from '../../src/migration/store';
import type { Run } from '../../src/migration/types';
import { FileJournal, FileRunStore, LockTimeoutError, StorageCorruptError } from '../../src/storage';
import { plannedBatch } from '../support/runState';

const repoRoot = path.resolve(__dirname, '..', '..');

function sampleRun(id: string, createdAt = '2026-01-01T00:00:00.000Z'): Run {
  return {
    id,
    requestedBy: 'aad-user-1',
    createdAt,
    updatedAt: createdAt,
    status: 'created',
    skuId: 'sku-1',
    skuPartNumber: 'ENTERPRISEPACK',
    disabledPlans: [],
    groupId: 'g1',
    groupDisplayName: 'E3 users',
    createdGroup: false,
    requiredApprovals: 1,
    batches: [plannedBatch({ id: 'b1', size: 2, listId: 'l1', sample: ['u1', 'u2'], status: 'awaitingApproval' })],
  };
}

/** A pino logger whose warnings the test can read. */
function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lmb-file-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('FileRunStore', () => {
  test('a new instance on the same directory (a restart) sees the runs and their etags', async () => {
    const first = new FileRunStore(dir);
    const v1 = await first.create(sampleRun('r1'));
    const v2 = await first.replace({ ...v1.value, status: 'prepared' }, v1.etag);
    const restarted = new FileRunStore(dir);
    expect(await restarted.get('r1')).toEqual(v2);
    expect((await restarted.list()).map((r) => r.id)).toEqual(['r1']);
    const v3 = await restarted.replace({ ...v2.value, status: 'verified' }, v2.etag);
    expect(await first.get('r1')).toEqual(v3);
  });

  test('two instances on one directory never hand out the same run number', async () => {
    const stores = [new FileRunStore(dir), new FileRunStore(dir)];
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2].nextRunNumber('tenant-a')));
    expect([...got].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await new FileRunStore(dir).nextRunNumber('tenant-a')).toBe(11);
  });

  test('two instances on one directory: a stale etag from either is a ConcurrencyError', async () => {
    const a = new FileRunStore(dir);
    const b = new FileRunStore(dir);
    const created = await a.create(sampleRun('r1'));
    const seenByB = await b.get('r1');
    await a.replace({ ...created.value, status: 'prepared' }, created.etag);
    await expect(b.replace({ ...seenByB!.value, status: 'cancelled' }, seenByB!.etag)).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(b.create(sampleRun('r1'))).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await b.get('r1'))?.value.status).toBe('prepared');
  });

  test('two instances doing read-modify-write with retries lose no update', async () => {
    const stores = [new FileRunStore(dir), new FileRunStore(dir)];
    await stores[0].create(sampleRun('r1'));
    const addApproval = async (store: FileRunStore, approverId: string) => {
      for (;;) {
        const cur = (await store.get('r1'))!;
        const [b] = cur.value.batches;
        const next = {
          ...cur.value,
          batches: [{ ...b, approvals: [...b.approvals, { approverId, decision: 'approve' as const, at: cur.value.createdAt }] }],
        };
        try {
          return await store.replace(next, cur.etag);
        } catch (e) {
          if (!(e instanceof ConcurrencyError)) throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => addApproval(stores[i % 2], `u${i}`)));
    const final = (await stores[1].get('r1'))!;
    expect(final.value.batches[0].approvals.map((a) => a.approverId).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`).sort());
    expect(final.etag).toBe('21');
  });

  test('the file is a readable JSON document and no temp or lock files are left behind', async () => {
    const store = new FileRunStore(dir);
    const v1 = await store.create(sampleRun('r1'));
    await store.replace({ ...v1.value, status: 'prepared' }, v1.etag);
    expect(await fs.readdir(path.join(dir, 'runs'))).toEqual(['r1.json']);
    const doc = JSON.parse(await fs.readFile(store.fileOf('r1'), 'utf8'));
    expect(doc).toMatchObject({ format: 'license-migration-run', version: 2, run: { id: 'r1', status: 'prepared' } });
  });

  test.each([
    ['garbage', '{"format": "license-migration-run", "vers', /not valid JSON/],
    ['an empty file', '', /the file is empty/],
    [
      'a wrong shape',
      JSON.stringify({ format: 'license-migration-run', version: 1, run: { id: 'r1', status: 'created' } }),
      /run\.requestedBy/,
    ],
    ['a bare object', '{}', /not a stored run/],
  ])('a run file holding %s gives a StorageCorruptError naming the file, never an empty run', async (_what, content, problem) => {
    const store = new FileRunStore(dir);
    await store.create(sampleRun('ok'));
    await fs.writeFile(store.fileOf('r1'), content);
    const err = await store.get('r1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageCorruptError);
    expect((err as Error).message).toContain(store.fileOf('r1'));
    expect((err as Error).message).toMatch(problem);
    await expect(store.list()).rejects.toThrow(store.fileOf('r1'));
    await expect(store.replace(sampleRun('r1'), '1')).rejects.toBeInstanceOf(StorageCorruptError);
    // The corrupt file is left as it was for inspection.
    expect(await fs.readFile(store.fileOf('r1'), 'utf8')).toBe(content);
  });

  test('a run file holding another run id is reported as corrupt', async () => {
    const store = new FileRunStore(dir);
    await store.create(sampleRun('r1'));
    await fs.copyFile(store.fileOf('r1'), store.fileOf('r2'));
    await expect(store.get('r2')).rejects.toThrow(/holds run "r1", not r2/);
  });

  test('a stale lock left by a crashed process is broken', async () => {
    const store = new FileRunStore(dir, { staleMs: 1000, timeoutMs: 5000 });
    const v1 = await store.create(sampleRun('r1'));
    const lock = `${store.fileOf('r1')}.lock`;
    await fs.writeFile(lock, '999999@some-other-host#dead');
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(lock, past, past);
    const v2 = await store.replace({ ...v1.value, status: 'prepared' }, v1.etag);
    expect(v2.etag).toBe('2');
    await expect(fs.access(lock)).rejects.toThrow();
  });

  test('a lock held by a live process is waited for, then the write gives up with a clear error and changes nothing', async () => {
    const store = new FileRunStore(dir, { staleMs: 60_000, timeoutMs: 150 });
    const v1 = await store.create(sampleRun('r1'));
    const lock = `${store.fileOf('r1')}.lock`;
    await fs.writeFile(lock, `${process.pid}@${os.hostname()}#other-instance`);
    const err = await store.replace({ ...v1.value, status: 'prepared' }, v1.etag).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toContain(lock);
    expect(await store.get('r1')).toEqual(v1);
    expect(await fs.readFile(lock, 'utf8')).toContain('other-instance');
  });
});

describe('FileJournal', () => {
  test('a new instance (a restart) continues seq from the file', async () => {
    const first = new FileJournal(dir);
    await first.append({ runId: 'r1', kind: 'run.created' });
    await first.append({ runId: 'r1', kind: 'run.status', detail: { status: 'prepared' } });
    const restarted = new FileJournal(dir);
    expect((await restarted.append({ runId: 'r1', kind: 'batch.started', batchId: 'b1' })).seq).toBe(3);
    expect((await restarted.read('r1')).map((e) => [e.seq, e.kind])).toEqual([
      [1, 'run.created'],
      [2, 'run.status'],
      [3, 'batch.started'],
    ]);
    // The first instance notices the other writer instead of reusing seq 3.
    expect((await first.append({ runId: 'r1', kind: 'batch.finished' })).seq).toBe(4);
  });

  test('two instances appending at once to one run get distinct, gap-free seqs', async () => {
    const a = new FileJournal(dir);
    const b = new FileJournal(dir);
    const entries = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).append({ runId: 'r1', kind: 'user.skipped', userId: `u${i}` })),
    );
    const seqs = entries.map((e) => e.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const read = await new FileJournal(dir).read('r1');
    expect(read.map((e) => e.userId).sort()).toEqual(entries.map((e) => e.userId).sort());
  });

  test('the file is JSON Lines at <dir>/journal/<runId>.jsonl', async () => {
    const journal = new FileJournal(dir);
    await journal.append({ runId: 'r1', kind: 'run.created' });
    await journal.append({ runId: 'r1', kind: 'license.removed', userId: 'u1', undo: { skuId: 's', disabledPlans: [] } });
    const text = await fs.readFile(path.join(dir, 'journal', 'r1.jsonl'), 'utf8');
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[1])).toMatchObject({ seq: 2, runId: 'r1', kind: 'license.removed', undo: { skuId: 's' } });
  });

  test('a torn last line (crash mid-append) is ignored with a warning; complete entries are kept and seq continues', async () => {
    const { logger, lines } = captureLogger();
    const journal = new FileJournal(dir, { logger });
    await journal.append({ runId: 'r1', kind: 'run.created' });
    await journal.append({ runId: 'r1', kind: 'license.removing', userId: 'u1' });
    const file = journal.fileOf('r1');
    await fs.appendFile(file, '{"seq":3,"at":"2026-01-01T00:00:00.000Z","runId":"r1","kind":"license.rem');

    const afterCrash = new FileJournal(dir, { logger });
    const status = await afterCrash.readWithStatus('r1');
    expect(status.tornTail).toBe(true);
    expect(status.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(await afterCrash.read('r1')).toHaveLength(2);
    expect(lines.some((l) => l.level === 40 && String(l.msg).includes('incomplete line'))).toBe(true);

    const next = await afterCrash.append({ runId: 'r1', kind: 'license.removeFailed', userId: 'u1' });
    expect(next.seq).toBe(3);
    const healed = await afterCrash.readWithStatus('r1');
    expect(healed.tornTail).toBe(false);
    expect(healed.entries.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'run.created'],
      [2, 'license.removing'],
      [3, 'license.removeFailed'],
    ]);
    // The torn bytes are kept aside for inspection, not silently thrown away.
    const aside = (await fs.readdir(path.join(dir, 'journal'))).filter((n) => n.startsWith('r1.jsonl.torn-'));
    expect(aside).toHaveLength(1);
    expect(await fs.readFile(path.join(dir, 'journal', aside[0]), 'utf8')).toContain('"kind":"license.rem');
  });

  test('a corrupt line in the middle is a StorageCorruptError naming the file and line', async () => {
    const journal = new FileJournal(dir);
    await journal.append({ runId: 'r1', kind: 'run.created' });
    await fs.appendFile(journal.fileOf('r1'), 'not json\n');
    await fs.appendFile(journal.fileOf('r1'), `${JSON.stringify({ seq: 3, at: 'x', runId: 'r1', kind: 'run.created' })}\n`);
    const err = await new FileJournal(dir).read('r1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageCorruptError);
    expect((err as Error).message).toContain(journal.fileOf('r1'));
    expect((err as Error).message).toContain('line 2');
    await expect(new FileJournal(dir).append({ runId: 'r1', kind: 'run.status' })).rejects.toBeInstanceOf(StorageCorruptError);
  });

  test('a seq that goes backwards is reported as corruption', async () => {
    const journal = new FileJournal(dir);
    await journal.append({ runId: 'r1', kind: 'run.created' });
    await journal.append({ runId: 'r1', kind: 'run.status' });
    await fs.appendFile(journal.fileOf('r1'), `${JSON.stringify({ seq: 1, at: 'x', runId: 'r1', kind: 'run.created' })}\n`);
    await expect(new FileJournal(dir).read('r1')).rejects.toThrow(/line 3 has seq 1 after 2/);
  });
});

describe('two processes sharing one directory', () => {
  const exec = promisify(execFile);
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

  test('no lost run update and no duplicate journal seq', async () => {
    const script = path.join(dir, 'worker.ts');
    const storage = path.join(repoRoot, 'src', 'storage').replace(/\\/g, '/');
    const store = path.join(repoRoot, 'src', 'migration', 'store').replace(/\\/g, '/');
    await fs.writeFile(
      script,
      `
      import { FileJournal, FileRunStore } from '${storage}';
      import { ConcurrencyError } from '${store}';
      async function main() {
        const [dir, name] = process.argv.slice(2);
        const runs = new FileRunStore(dir);
        const journal = new FileJournal(dir);
        for (let i = 0; i < 15; i++) {
          await journal.append({ runId: 'shared', kind: 'user.skipped', userId: name + i });
          for (;;) {
            const cur = (await runs.get('shared'))!;
            const [b] = cur.value.batches;
            const next = { ...cur.value, batches: [{ ...b, approvals: [...b.approvals, { approverId: name + i, decision: 'approve' as const, at: cur.value.createdAt }] }] };
            try { await runs.replace(next, cur.etag); break; } catch (e) { if (!(e instanceof ConcurrencyError)) throw e; }
          }
        }
      }
      main().catch((e) => { console.error(e); process.exit(1); });
    `,
    );
    await new FileRunStore(dir).create(sampleRun('shared'));
    await Promise.all(['a', 'b'].map((name) => exec(tsx, [script, dir, name], { cwd: repoRoot })));
    const final = (await new FileRunStore(dir).get('shared'))!;
    expect(final.value.batches[0].approvals).toHaveLength(30);
    expect(new Set(final.value.batches[0].approvals.map((a) => a.approverId)).size).toBe(30);
    expect(final.etag).toBe('31');
    const entries = await new FileJournal(dir).read('shared');
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.userId)).size).toBe(30);
  });
});

describe('FileJournal integrity', () => {
  test('an entry of another run inside a run journal is reported as corruption', async () => {
    const d = await fs.mkdtemp(path.join(os.tmpdir(), 'lmb-file-'));
    try {
      const journal = new FileJournal(d);
      await journal.append({ runId: 'r1', kind: 'run.created' });
      await journal.append({ runId: 'r2', kind: 'run.created' });
      await fs.appendFile(journal.fileOf('r1'), await fs.readFile(journal.fileOf('r2')));
      await expect(new FileJournal(d).read('r1')).rejects.toThrow(/line 2 belongs to run "r2"/);
    } finally {
      await fs.rm(d, { recursive: true, force: true });
    }
  });
});
