import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createStorage,
  describeStorage,
  FileJournal,
  FileRunStore,
  MemoryJournal,
  MemoryRunStore,
  parseStorageSpec,
  StorageSpecError,
} from '../../src/storage';

describe('parseStorageSpec', () => {
  test.each([
    [undefined, { kind: 'file', dir: path.resolve('/srv/app', '.data') }],
    ['', { kind: 'file', dir: path.resolve('/srv/app', '.data') }],
    ['file:.data', { kind: 'file', dir: path.resolve('/srv/app', '.data') }],
    ['file:/var/lib/lmb', { kind: 'file', dir: path.resolve('/var/lib/lmb') }],
    ['FILE: data dir ', { kind: 'file', dir: path.resolve('/srv/app', 'data dir') }],
    ['memory:', { kind: 'memory' }],
    ['blob:UseDevelopmentStorage=true|runs', { kind: 'blob', connectionString: 'UseDevelopmentStorage=true', container: 'runs' }],
    [
      'blob:DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5|migration-runs',
      { kind: 'blob', connectionString: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5', container: 'migration-runs' },
    ],
  ])('%j parses', (spec, expected) => {
    expect(parseStorageSpec(spec, '/srv/app')).toEqual(expected);
  });

  test.each([
    ['file:', /STORAGE: file: needs a directory/],
    ['memory:somewhere', /memory: takes nothing after the colon/],
    ['s3:bucket', /expected file:<dir>, memory: or blob:<connection string>\|<container>; got 's3:'/],
    ['.data', /got no scheme/],
    ['blob:UseDevelopmentStorage=true', /blob: needs <connection string>\|<container>/],
    ['blob:|runs', /connection string before \| is empty/],
    ['blob:just-some-text|runs', /needs AccountName=/],
    ['blob:UseDevelopmentStorage=true|Runs_Container', /container name "Runs_Container" is invalid/],
    ['blob:UseDevelopmentStorage=true|ab', /container name "ab" is invalid/],
    ['blob:UseDevelopmentStorage=true|a--b', /is invalid/],
  ])('%j is refused with a clear message', (spec, message) => {
    expect(() => parseStorageSpec(spec)).toThrow(StorageSpecError);
    expect(() => parseStorageSpec(spec)).toThrow(message);
  });

  test('error messages never repeat an account key', () => {
    const bad = [
      'blob:AccountName=a;AccountKey=SUPERSECRETKEY|BAD',
      'blob:AccountKey=SUPERSECRETKEY|runs',
      'bolb:AccountKey=SUPERSECRETKEY|runs',
    ];
    for (const spec of bad) {
      expect(() => parseStorageSpec(spec)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('SUPERSECRETKEY') }));
    }
  });

  test('describeStorage is safe to log', () => {
    expect(describeStorage(parseStorageSpec('blob:DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=SECRET|runs'))).toBe(
      'blob:acct/runs',
    );
    expect(
      describeStorage(parseStorageSpec('blob:BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=1&sig=SECRET|runs')),
    ).toBe('blob:acct.blob.core.windows.net/runs');
    expect(describeStorage(parseStorageSpec('blob:UseDevelopmentStorage=true|runs'))).toBe('blob:devstoreaccount1/runs');
    expect(describeStorage(parseStorageSpec('memory:'))).toBe('memory:');
  });
});

describe('createStorage', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lmb-spec-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('memory: gives memory stores', async () => {
    const s = await createStorage('memory:');
    expect(s.kind).toBe('memory');
    expect(s.location).toBe('memory:');
    expect(s.runs).toBeInstanceOf(MemoryRunStore);
    expect(s.journal).toBeInstanceOf(MemoryJournal);
  });

  test('file:<dir> gives file stores under that directory, relative to cwd, that persist', async () => {
    const s = await createStorage('file:state', { cwd: dir });
    expect(s.kind).toBe('file');
    expect(s.spec).toEqual({ kind: 'file', dir: path.join(dir, 'state') });
    expect(s.location).toBe(`file:${path.join(dir, 'state')}`);
    expect(s.runs).toBeInstanceOf(FileRunStore);
    expect(s.journal).toBeInstanceOf(FileJournal);
    await s.journal.append({ runId: 'r1', kind: 'run.created' });
    expect(await fs.readdir(path.join(dir, 'state', 'journal'))).toEqual(['r1.jsonl']);
    const again = await createStorage('file:state', { cwd: dir });
    expect((await again.journal.append({ runId: 'r1', kind: 'run.status' })).seq).toBe(2);
  });

  test('the default is file:.data', async () => {
    const s = await createStorage(undefined, { cwd: dir });
    expect(s.spec).toEqual({ kind: 'file', dir: path.join(dir, '.data') });
  });

  test('a bad spec is refused before anything is created', async () => {
    await expect(createStorage('ftp:somewhere', { cwd: dir })).rejects.toThrow(StorageSpecError);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe('createStorage with a blob connection string the Azure SDK rejects', () => {
  test.each([
    'blob:AccountName=acct|runs',
    'blob:AccountName=acct;AccountKey=SUPERSECRETKEY|runs',
    'blob:BlobEndpoint=notaurl;SharedAccessSignature=sv=1&sig=SUPERSECRETKEY|runs',
  ])('%s is refused with a hint and without echoing it', async (spec) => {
    const err = await createStorage(spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageSpecError);
    expect((err as Error).message).toMatch(/STORAGE: blob: the Azure SDK cannot use this connection string; give DefaultEndpointsProtocol/);
    expect((err as Error).message).not.toContain('SUPERSECRETKEY');
    expect((err as Error).message).not.toContain('acct');
  });
});
