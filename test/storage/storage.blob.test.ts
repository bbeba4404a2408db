import { randomBytes } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { ConcurrencyError } from '../../src/migration/store';
import { BlobJournal, BlobRunStore, createStorage, StorageCorruptError } from '../../src/storage';
import { journalContract, legacyRunContract, runStoreContract, sampleRun } from './storage.contract';
import { AZURITE_DEV_KEY, startAzurite, type RunningAzurite } from '../support/azurite';

/*
 * Runs against Azurite, the local Azure Storage emulator, started here on a free port in
 * memory. When it cannot start, every test returns early after one message.
 */

let azurite: RunningAzurite | null = null;
let connectionString: string | null = null;

beforeAll(async () => {
  azurite = await startAzurite('blob storage tests');
  connectionString = azurite?.connectionString ?? null;
}, 60_000);

afterAll(async () => {
  await azurite?.close();
});

/** A fresh container for one test, or null when Azurite is not running. */
async function freshContainer(): Promise<ContainerClient | null> {
  if (!connectionString) return null;
  const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(`t-${randomBytes(6).toString('hex')}`);
  await container.create();
  return container;
}

const blob = async () => {
  const c = await freshContainer();
  if (!c) return null;
  const journal = new BlobJournal(c);
  const tearJournal = async (runId: string, bytes: string) => {
    await c.getAppendBlobClient(journal.blobOf(runId)).appendBlock(bytes, Buffer.byteLength(bytes));
  };
  const runs = new BlobRunStore(c);
  const writeRunDocument = async (run: Record<string, unknown>) => {
    const body = `${JSON.stringify({ format: 'license-migration-run', run }, null, 2)}\n`;
    await c.getBlockBlobClient(runs.blobOf(String(run.id))).upload(body, Buffer.byteLength(body));
  };
  return { runs, journal, tearJournal, writeRunDocument };
};
runStoreContract('blob', blob);
journalContract('blob', blob);
legacyRunContract('blob', blob);

describe('blob backend specifics', () => {
  test('new instances on the same container (a restart) see the runs, their etags and continue seq', async () => {
    const c = await freshContainer();
    if (!c) return;
    const v1 = await new BlobRunStore(c).create(sampleRun('r1'));
    await new BlobJournal(c).append({ runId: 'r1', kind: 'run.created' });
    const runs = new BlobRunStore(c);
    expect(await runs.get('r1')).toEqual(v1);
    const v2 = await runs.replace({ ...v1.value, status: 'prepared' }, v1.etag);
    await expect(new BlobRunStore(c).replace(v1.value, v1.etag)).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await new BlobRunStore(c).get('r1'))?.etag).toBe(v2.etag);
    expect((await new BlobJournal(c).append({ runId: 'r1', kind: 'run.status' })).seq).toBe(2);
  });

  test('two instances on one container never hand out the same run number (If-Match / If-None-Match)', async () => {
    const c = await freshContainer();
    if (!c) return;
    const stores = [new BlobRunStore(c), new BlobRunStore(c)];
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2].nextRunNumber('tenant-a')));
    expect([...got].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await new BlobRunStore(c).nextRunNumber('tenant-a')).toBe(11);
  });

  test('two journal instances appending at once get distinct, gap-free seqs (append-position conditions)', async () => {
    const c = await freshContainer();
    if (!c) return;
    const a = new BlobJournal(c);
    const b = new BlobJournal(c);
    await a.append({ runId: 'r1', kind: 'run.created' });
    await b.append({ runId: 'r1', kind: 'run.status' });
    const entries = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).append({ runId: 'r1', kind: 'user.skipped', userId: `u${i}` })),
    );
    expect(entries.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => i + 3));
    const all = await new BlobJournal(c).read('r1');
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
  });

  test('a corrupt run blob gives a StorageCorruptError naming the blob', async () => {
    const c = await freshContainer();
    if (!c) return;
    await c.getBlockBlobClient('runs/r1.json').upload('{"oops"', 7);
    const err = await new BlobRunStore(c).get('r1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageCorruptError);
    expect((err as Error).message).toContain(`${c.containerName}/runs/r1.json`);
    await expect(new BlobRunStore(c).list()).rejects.toBeInstanceOf(StorageCorruptError);
  });

  test('createStorage("blob:…") creates the container and reports a location without the key', async () => {
    if (!connectionString) return;
    const container = `c-${randomBytes(6).toString('hex')}`;
    const s = await createStorage(`blob:${connectionString}|${container}`);
    expect(s.kind).toBe('blob');
    expect(s.location).toBe(`blob:devstoreaccount1/${container}`);
    expect(s.location).not.toContain(AZURITE_DEV_KEY);
    expect(s.spec).toEqual({ kind: 'blob', connectionString, container });
    const v = await s.runs.create(sampleRun('r1'));
    expect((await s.runs.list()).map((r) => r.id)).toEqual(['r1']);
    expect(v.etag).toMatch(/\S/);
    expect((await s.journal.append({ runId: 'r1', kind: 'run.created' })).seq).toBe(1);
    expect(await BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container).exists()).toBe(true);
  });
});
