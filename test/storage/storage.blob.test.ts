import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { ConcurrencyError } from '../../src/migration/store';
import { BlobJournal, BlobRunStore, createStorage, StorageCorruptError } from '../../src/storage';
import { journalContract, runStoreContract, sampleRun } from './storage.contract';

/*
 * Runs against Azurite, the local Azure Storage emulator, started here on a free port in
 * memory. When it cannot start, every test returns early after one message.
 */

// Azurite's documented development account key: public, not a secret.
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const repoRoot = path.resolve(__dirname, '..', '..');

let azurite: ChildProcess | undefined;
let workDir: string | undefined;
let connectionString: string | null = null;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  let main: string;
  try {
    main = require.resolve('azurite/dist/src/blob/main.js', { paths: [repoRoot] });
  } catch {
    console.warn('SKIP blob storage tests: azurite is not installed (npm install -D azurite)');
    return;
  }
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lmb-azurite-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--extentMemoryLimit',
      '64',
      '--silent',
      '--skipApiVersionCheck',
      '--loose',
    ],
    { cwd: workDir, stdio: 'ignore' },
  );
  azurite = child;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.once('error', () => {
    exited = true;
  });
  const deadline = Date.now() + 40_000;
  while (!exited && Date.now() < deadline) {
    if (await canConnect(port)) {
      connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.warn(`SKIP blob storage tests: Azurite did not start on port ${port} (${exited ? 'it exited' : 'timed out'})`);
}, 60_000);

afterAll(async () => {
  if (azurite && azurite.exitCode === null) {
    const gone = new Promise((r) => azurite!.once('exit', r));
    azurite.kill();
    await gone;
  }
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
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
  return c && { runs: new BlobRunStore(c), journal: new BlobJournal(c) };
};
runStoreContract('blob', blob);
journalContract('blob', blob);

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
    expect(s.location).not.toContain(DEV_KEY);
    expect(s.spec).toEqual({ kind: 'blob', connectionString, container });
    const v = await s.runs.create(sampleRun('r1'));
    expect((await s.runs.list()).map((r) => r.id)).toEqual(['r1']);
    expect(v.etag).toMatch(/\S/);
    expect((await s.journal.append({ runId: 'r1', kind: 'run.created' })).seq).toBe(1);
    expect(await BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container).exists()).toBe(true);
  });
});
