import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileJournal, FileRunStore, MemoryJournal, MemoryRunStore } from '../../src/storage';
import { journalContract, runStoreContract } from './storage.contract';

const tmpDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tmpDirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

const memory = async () => ({ runs: new MemoryRunStore(), journal: new MemoryJournal() });
const file = async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lmb-storage-'));
  tmpDirs.push(dir);
  return { runs: new FileRunStore(dir), journal: new FileJournal(dir) };
};

runStoreContract('memory', memory);
journalContract('memory', memory);
runStoreContract('file', file);
journalContract('file', file);
