// A million users in one licensed group: the engine's verification and `npm run verify` each run in their own
// process with the heap capped as a small container would, against a baseline that reads the same pages and does
// nothing with them, measured in the same run. Opt-in: `npm run bench -- --large` (or --only verify-1m).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLicensingGraph } from '../../src/graph';
import { createMigrationEngine } from '../../src/migration/engine';
import { createStorage } from '../../src/storage';
import { E3 } from '../engineSetup';
import { fixtureGroup, sizedFixture } from '../fixtures';
import { runMeasured, type MeasuredRun } from '../measuredChild';
import { progress, writeResult } from '../result';
import { startSimProcess } from '../sim';
import { settled, takeStats } from '../simStats';

const NAME = 'verify-1m';
/** Old-space cap of every measured process, in MB. */
const HEAP_MB = 300;
const root = path.resolve(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

interface Measured extends MeasuredRun {
  calls: number;
}

/** The JSON line a measured bench child printed last. */
function lastLine<T>(r: MeasuredRun): T {
  return JSON.parse(r.stdoutTail.trim().split('\n').pop()!) as T;
}

/** The summary of a verify JSON report: a trailer beyond 10,000 users, on top below (then in the head). */
function reportSummary(r: MeasuredRun): Record<string, number> {
  const m = /"summary":(\{[^{}]*\})/.exec(r.stdoutTail) ?? /"summary":(\{[^{}]*\})/.exec(r.stdoutHead);
  if (!m) throw new Error('the verify report has no summary');
  return JSON.parse(m[1]);
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
const round = (v: number, digits: number) => Number(v.toFixed(digits));

async function main(quick: boolean): Promise<void> {
  const users = quick ? 5000 : 1_000_000;
  const group = fixtureGroup('gen-100k.json');
  progress(NAME, `loading a ${users}-user tenant into the simulator`);
  const sim = await startSimProcess(sizedFixture('gen-100k.json', users));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lmb-bench-'));
  try {
    await settled(sim, group);
    // The run is created and prepared here, unmeasured; the measured process only loads it and verifies.
    progress(NAME, 'creating and preparing the run');
    const storage = await createStorage(`file:${dir}`);
    const graph = createLicensingGraph({ baseUrl: sim.graphUrl, auth: 'none', concurrency: 8 });
    const engine = createMigrationEngine({ graph, runs: storage.runs, journal: storage.journal, pollIntervalMs: 200 });
    const run = await engine.createRun({ requestedBy: 'bench', skuId: E3, group: { id: group } });
    await engine.prepare(run.id);
    await settled(sim, group);

    const measure = async (label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> => {
      await takeStats(sim);
      progress(NAME, label);
      const r = await runMeasured(command, args, { heapMb: HEAP_MB, env, cwd: root });
      const stats = await takeStats(sim);
      if (r.code !== 0) throw new Error(`${label} exited with ${r.code}:\n${r.stderr.slice(-4000)}`);
      return { ...r, calls: stats.httpRequests };
    };
    const readPages = () =>
      measure('baseline: the same pages read, nothing classified', tsx, [
        path.join(root, 'bench', 'measured', 'readPages.ts'),
        sim.graphUrl,
        E3,
        group,
      ]);
    const first = await readPages();
    const verified = await measure('the engine verifies', tsx, [
      path.join(root, 'bench', 'measured', 'engineVerify.ts'),
      sim.graphUrl,
      dir,
      run.id,
    ]);
    const cli = await measure(
      'npm run verify -- --format json',
      'npm',
      ['run', '--silent', 'verify', '--', '--sku', 'ENTERPRISEPACK', '--group', group, '--format', 'json'],
      { GRAPH_BASE_URL: sim.graphUrl, LOG_LEVEL: 'silent' },
    );
    // Read again at the end, so a simulator or machine that warms up or slows down does not favour either side.
    const last = await readPages();

    const base = [first, last].map((r) => ({ ...lastLine<{ ms: number; members: number }>(r), wallMs: r.wallMs, r }));
    const fastest = base.reduce((a, b) => (a.ms <= b.ms ? a : b));
    const fastestWall = Math.min(...base.map((b) => b.wallMs));
    const engineOut = lastLine<{ ms: number; summary: Record<string, number> }>(verified);
    const cliSummary = reportSummary(cli);
    writeResult(
      NAME,
      quick,
      {
        users,
        engineClassified: sum(engineOut.summary),
        engineReady: engineOut.summary.ready,
        engineSeconds: round(engineOut.ms / 1000, 2),
        engineCallsPerUser: round(verified.calls / users, 5),
        enginePeakRssMb: Math.round(verified.peakRssMb),
        engineVsBaseline: round(engineOut.ms / fastest.ms, 2),
        cliClassified: sum(cliSummary),
        cliSeconds: round(cli.wallMs / 1000, 2),
        cliCallsPerUser: round(cli.calls / users, 5),
        cliPeakRssMb: Math.round(cli.peakRssMb),
        cliOutputMb: round(cli.stdoutBytes / 1048576, 1),
        cliVsBaseline: round(cli.wallMs / fastestWall, 2),
        baselineSeconds: round(fastest.ms / 1000, 2),
        baselineWallSeconds: round(fastestWall / 1000, 2),
        baselineCallsPerUser: round(fastest.r.calls / users, 5),
        baselinePeakRssMb: Math.round(Math.max(...base.map((b) => b.r.peakRssMb))),
      },
      {
        enginePeakRssMb: { op: '<=', value: 400 },
        cliPeakRssMb: { op: '<=', value: 400 },
        engineCallsPerUser: { op: '<=', value: 0.002 },
        cliCallsPerUser: { op: '<=', value: 0.002 },
        engineVsBaseline: { op: '<=', value: 1.5 },
        cliVsBaseline: { op: '<=', value: 1.5 },
      },
      [
        `Every measured process runs with --max-old-space-size=${HEAP_MB}; peak RSS is the largest Node process of its tree (npm, tsx and the program), the simulator runs in its own process.`,
        'engineVsBaseline compares engine.verify with the same pages read through the same Graph client (both timed inside their process); cliVsBaseline compares wall times from spawn to exit (npm and tsx start-up on the command side).',
        'The baseline is read before and after the others; the faster of the two counts. The command writes compact JSON to a pipe the bench only counts.',
      ],
    );
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.includes('--quick')).catch((e) => {
  console.error(e);
  process.exit(1);
});
