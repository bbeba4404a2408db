import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileJournal, FileRunStore, MemoryJournal, MemoryRunStore } from '../../src/storage';
import { journalContract, legacyRunContract, runStoreContract } from './storage.contract';

const tmpDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tmpDirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

const memory = async () => ({ runs: new MemoryRunStore(), journal: new MemoryJournal() });
const file = async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lmb-storage-'));
  tmpDirs.push(dir);
  const runs = new FileRunStore(dir);
  const journal = new FileJournal(dir);
  return {
    runs,
    journal,
    tearJournal: (runId: string, bytes: string) => fs.appendFile(journal.fileOf(runId), bytes),
    async writeRunDocument(run: Record<string, unknown>) {
      await fs.mkdir(runs.runsDir, { recursive: true });
      await fs.writeFile(runs.fileOf(String(run.id)), `${JSON.stringify({ format: 'license-migration-run', version: 1, run }, null, 2)}\n`);
    },
  };
};

runStoreContract('memory', memory);
journalContract('memory', memory);
runStoreContract('file', file);
journalContract('file', file);
legacyRunContract('file', file);
