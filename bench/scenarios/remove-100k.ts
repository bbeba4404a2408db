import { statSync } from 'node:fs';
import path from 'node:path';
import { createBenchEngine, executeAll, preparedRun } from '../engineSetup';
import { fixtureGroup, sizedFixture } from '../fixtures';
import { progress, writeResult } from '../result';
import { sampleRss } from '../rss';
import { startSimProcess } from '../sim';
import { settled } from '../simStats';

const NAME = 'remove-100k';

/**
 * The per-user cost must not grow with the run: the same engine removes a small run and a run 50 times larger on
 * the same simulator latency as remove-10k, and the larger must keep ≥ 80% of the smaller's pace, with a run
 * document that stays small and an engine that stays within a small container's memory.
 */
async function main(quick: boolean): Promise<void> {
  const small = quick ? 300 : 2_000;
  const large = quick ? 1_500 : 100_000;
  const a = await removeRun(small);
  const b = await removeRun(large);
  writeResult(
    NAME,
    quick,
    {
      users: large,
      smallUsers: small,
      smallUsersPerSecond: round(a.rate),
      largeUsers: large,
      largeRemoved: b.removed,
      largeUsersPerSecond: round(b.rate),
      paceRatio: round(b.rate / a.rate, 3),
      runDocumentKb: round(b.runBytes / 1024, 1),
      removalPeakRssMb: b.peakRssMb,
      verifyPeakRssMb: b.verifyPeakRssMb,
    },
    { paceRatio: { op: '>=', value: 0.8 }, runDocumentKb: { op: '<=', value: 64 }, removalPeakRssMb: { op: '<=', value: 300 } },
    [
      '50 ms simulated latency per request, file storage with fsync, batches of canary 10 growing ×10.',
      'removalPeakRssMb: resident memory of the bench process (engine + Graph client) sampled every 100 ms while the batches run; verifyPeakRssMb: the same while the run is verified and planned (the read side: issue 17).',
    ],
  );
}

async function removeRun(
  users: number,
): Promise<{ rate: number; removed: number; runBytes: number; peakRssMb: number; verifyPeakRssMb: number }> {
  const group = fixtureGroup('gen-10k.json');
  const sim = await startSimProcess(sizedFixture('gen-10k.json', users), { latencyMs: 50 });
  try {
    await settled(sim, group);
    const bench = await createBenchEngine(sim.graphUrl, { canary: 10, maxBatch: users });
    progress(NAME, `${users} users: verifying and planning`);
    const verifyPeak = sampleRss();
    const run = await preparedRun(bench.engine, group);
    const verifyPeakRssMb = verifyPeak.stop();
    global.gc?.();
    progress(NAME, `${users} users: removing ${run.lastVerification?.summary.ready ?? 0} ready users in ${run.batches.length} batches`);
    const peak = sampleRss();
    const r = await executeAll(bench.engine, run);
    const peakRssMb = peak.stop();
    const runBytes = statSync(path.join(bench.dir, 'runs', `${run.id}.json`)).size;
    bench.dispose();
    return { rate: r.removed / (r.ms / 1000), removed: r.removed, runBytes, peakRssMb, verifyPeakRssMb };
  } finally {
    await sim.close();
  }
}

function round(n: number, d = 2): number {
  return Number(n.toFixed(d));
}

main(process.argv.includes('--quick')).catch((e) => {
  console.error(e);
  process.exit(1);
});
