import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileRunStore } from '../../src/storage';
import { sampleRun } from './storage.contract';

/** Runs the previous version verified carry a summary without the classes added since (planGain). */
describe('a run verified by the previous version', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lmb-legacy-summary-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('loads, alone and in the list, with the new class counted as 0', async () => {
    const runs = new FileRunStore(dir);
    const summary = { ready: 3, pending: 0, error: 1, planMismatch: 0, notMember: 0, inheritedOnly: 0 };
    const run = { ...sampleRun('old'), status: 'verified', lastVerification: { at: '2026-01-01T00:00:00.000Z', summary } };
    await fs.mkdir(runs.runsDir, { recursive: true });
    await fs.writeFile(runs.fileOf('old'), `${JSON.stringify({ format: 'license-migration-run', version: 1, run }, null, 2)}\n`);
    expect((await runs.get('old'))?.value.lastVerification?.summary).toEqual({ ...summary, planGain: 0 });
    expect((await runs.list()).map((r) => r.id)).toEqual(['old']);
  });
});
