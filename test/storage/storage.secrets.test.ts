import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileJournal, findSecret, MemoryJournal, SecretInJournalError } from '../../src/storage';

describe('findSecret', () => {
  test.each([
    [{ Password: 'x' }, 'detail.Password'],
    [{ pass: 'x' }, 'detail.pass'],
    [{ client_secret: 'x' }, 'detail.client_secret'],
    [{ refreshToken: 'x' }, 'detail.refreshToken'],
    [{ 'x-api-key': 'x' }, 'detail.x-api-key'],
    [{ credentials: { user: 'a' } }, 'detail.credentials'],
    [{ connectionString: 'x' }, 'detail.connectionString'],
    [{ Cookie: 'x' }, 'detail.Cookie'],
    [{ privateKey: 'x' }, 'detail.privateKey'],
    [{ nested: [[{ deep: { authorization: 'x' } }]] }, 'detail.nested[0][0].deep.authorization'],
    [{ note: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig' }, 'detail.note'],
    [{ note: '-----BEGIN RSA PRIVATE KEY-----\nabc' }, 'detail.note'],
    [{ url: 'https://acct.blob.core.windows.net/c?sv=2020&sig=abc' }, 'detail.url'],
    [{ header: 'Basic dXNlcjpwYXNzd29yZA==' }, 'detail.header'],
  ])('%j is found at %s', (detail, where) => {
    expect(findSecret(detail)).toBe(where);
  });

  test.each([
    [{ reason: 'usage location missing', count: 3 }],
    [{ passed: true, bypassed: 0, keyboard: 'us', monkey: 'fine' }],
    [{ plans: ['EXCHANGE_S_ENTERPRISE', 'TEAMS1'], skuPartNumber: 'ENTERPRISEPACK' }],
    [{ code: 'CountViolation', message: 'Not enough licenses' }],
  ])('%j is ordinary', (detail) => {
    expect(findSecret(detail)).toBeNull();
  });
});

describe('journals refuse secrets outside detail too', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lmb-secret-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('a bearer token passed as actorId is refused and the file is never created', async () => {
    const journal = new FileJournal(dir);
    await expect(journal.append({ runId: 'r1', kind: 'run.created', actorId: 'Bearer abc.def.ghi' })).rejects.toBeInstanceOf(
      SecretInJournalError,
    );
    await expect(fs.readdir(path.join(dir, 'journal'))).rejects.toThrow(/ENOENT/);
  });

  test('an extra top-level field named like a secret is refused', async () => {
    const journal = new MemoryJournal();
    const entry = { runId: 'r1', kind: 'run.created' as const, token: 'x' };
    await expect(journal.append(entry)).rejects.toThrow('entry.token looks like a secret');
    expect(await journal.read('r1')).toEqual([]);
  });
});
