import { runBaseline } from '../baseline';
import { createBenchEngine, E3, executeAll, preparedRun } from '../engineSetup';
import { fixtureGroup, sizedFixture } from '../fixtures';
import { progress, writeResult } from '../result';
import { sampleRss } from '../rss';
import { startSimProcess } from '../sim';
import { memberIds, settled, takeStats, userLicenseWrites } from '../simStats';

const NAME = 'remove-10k';

async function main(quick: boolean): Promise<void> {
  const users = quick ? 400 : 10_000;
  const baselineUsers = quick ? 40 : 300;
  const group = fixtureGroup('gen-10k.json');
  const sim = await startSimProcess(sizedFixture('gen-10k.json', users), { latencyMs: 50 });
  try {
    await settled(sim, group);
    const ids = await memberIds(sim, group, users);
    const bench = await createBenchEngine(sim.graphUrl, { canary: 10, maxBatch: users });
    progress(NAME, `engine: verifying ${users} users`);
    await takeStats(sim);
    const run = await preparedRun(bench.engine, group);
    const setupStats = await takeStats(sim);
    const ready = run.lastVerification?.summary.ready ?? 0;
    // The baseline removes the LAST users, so the engine's batches (planned above) keep theirs until it runs.
    progress(NAME, `baseline: ${baselineUsers} users one at a time`);
    const base = await runBaseline(sim.graphUrl, ids.slice(-baselineUsers), [E3], group);
    const baseStats = await takeStats(sim);
    progress(NAME, `engine: removing ${ready} ready users in ${run.batches.length} batches`);
    global.gc?.();
    const rss = sampleRss();
    const eng = await executeAll(bench.engine, run);
    const removalPeakRssMb = rss.stop();
    const engStats = await takeStats(sim);
    const invariants = await sim.get<{ violations: unknown[] }>('/_sim/invariants');
    bench.dispose();
    const engineRate = eng.removed / (eng.ms / 1000);
    const baselineRate = base.removed / (base.ms / 1000);
    writeResult(
      NAME,
      quick,
      {
        users,
        engineRemoved: eng.removed,
        engineSkipped: eng.skipped,
        engineFailed: eng.failed,
        engineUsersPerSecond: round(engineRate),
        baselineUsers: base.users,
        baselineRemoved: base.removed,
        baselineUsersPerSecond: round(baselineRate),
        speedup: round(engineRate / baselineRate),
        removalPeakRssMb,
        licenseWritesPerUser: round((userLicenseWrites(setupStats) + userLicenseWrites(engStats)) / Math.max(1, eng.removed), 3),
        baselineLicenseWritesPerUser: round(userLicenseWrites(baseStats) / Math.max(1, base.removed), 3),
        engineHttpCallsPerUser: round(engStats.httpRequests / Math.max(1, eng.removed), 3),
        engineInnerRequestsPerUser: round(engStats.total / Math.max(1, eng.removed), 3),
        baselineHttpCallsPerUser: round(baseStats.httpRequests / Math.max(1, base.removed), 3),
        verifyHttpCallsPerUser: round(setupStats.httpRequests / users, 3),
        invariantViolations: invariants.violations.length,
      },
      // Per chunk of 20 the engine reads the group, the users and their memberships before and after removing
      // (a change Entra has not applied yet must not pass for safe), plus one settle read per user after the batch.
      { speedup: { op: '>=', value: 20 }, engineHttpCallsPerUser: { op: '<=', value: 0.4 }, invariantViolations: { op: '<=', value: 0 } },
      [
        `50 ms simulated latency per request; the baseline's per-user cost is flat, so it runs on ${baselineUsers} users of the same tenant.`,
        'licenseWritesPerUser: POST /users/{id}/assignLicense requests the engine sent (prepare, verify and removal) per user it removed.',
        'removalPeakRssMb: resident memory of the bench process (engine + Graph client) sampled every 100 ms while the batches run.',
      ],
    );
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
