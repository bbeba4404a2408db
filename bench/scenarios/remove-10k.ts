import { createBenchEngine, E3, preparedRun } from '../engineSetup';
import { fixtureGroup, sizedFixture } from '../fixtures';
import { measureRemoval, round } from '../removal';
import { progress, writeResult } from '../result';
import { startSimProcess } from '../sim';
import { memberIds, settled, takeStats } from '../simStats';

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
    const { pace, calls, base, baseStats, invariants } = await measureRemoval({
      name: NAME,
      sim,
      bench,
      run,
      groupId: group,
      ids,
      baselineUsers,
      products: [E3],
      setupStats,
      words: { baseline: 'one at a time', engine: '' },
    });
    bench.dispose();
    writeResult(
      NAME,
      quick,
      {
        users,
        ...pace,
        ...calls,
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

main(process.argv.includes('--quick')).catch((e) => {
  console.error(e);
  process.exit(1);
});
