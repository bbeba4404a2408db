import { getHeapStatistics } from 'node:v8';
import { createBenchEngine } from '../engineSetup';
import { fixtureGroup, sizedFixture } from '../fixtures';
import { peakRssMb, progress, writeResult } from '../result';
import { startSimProcess } from '../sim';
import { settled, takeStats } from '../simStats';

const NAME = 'verify-100k';

async function main(quick: boolean): Promise<void> {
  const users = quick ? 5000 : 100_000;
  const group = fixtureGroup('gen-100k.json');
  progress(NAME, `loading a ${users}-user tenant`);
  const sim = await startSimProcess(sizedFixture('gen-100k.json', users));
  try {
    await settled(sim, group);
    const bench = await createBenchEngine(sim.graphUrl);
    const run = await bench.engine.createRun({ requestedBy: 'bench', skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', group: { id: group } });
    await bench.engine.prepare(run.id);
    await takeStats(sim);
    const rssBefore = peakRssMb();
    progress(NAME, `classifying ${users} users`);
    const t0 = performance.now();
    const report = await bench.engine.verify(run.id, { timeoutMs: 600_000 });
    const ms = performance.now() - t0;
    const s = await takeStats(sim);
    bench.dispose();
    const classified = Object.values(report.summary).reduce((a, b) => a + b, 0);
    writeResult(
      NAME,
      quick,
      {
        users,
        classified,
        ready: report.summary.ready,
        seconds: Number((ms / 1000).toFixed(2)),
        usersPerSecond: Math.round(classified / (ms / 1000)),
        httpCallsPerUser: Number((s.httpRequests / users).toFixed(4)),
        peakRssMb: Math.round(peakRssMb()),
        rssBeforeVerifyMb: Math.round(rssBefore),
      },
      { httpCallsPerUser: { op: '<=', value: 0.01 }, peakRssMb: { op: '<=', value: 300 } },
      [
        'Peak RSS is of the engine process only; the simulator runs in its own process.',
        `Engine heap limit: ${Math.round(getHeapStatistics().heap_size_limit / 1048576)} MB (bench/run.ts caps the old space at 200 MB, as a small container would; uncapped, V8 defers collection and peak RSS is about twice as high).`,
      ],
    );
  } finally {
    await sim.close();
  }
}

main(process.argv.includes('--quick')).catch((e) => {
  console.error(e);
  process.exit(1);
});
