import { createBenchEngine, E3, EMS, preparedProfileRun } from '../engineSetup';
import { sizedFixture } from '../fixtures';
import { measureRemoval, round } from '../removal';
import { progress, writeResult } from '../result';
import { startSimProcess } from '../sim';
import { holdersOf, memberIds, takeStats } from '../simStats';

const NAME = 'remove-profiles';
/** Every user holds full Office 365 E3 and full EMS E3 directly; no group licenses anything yet. */
const FIXTURE = 'gen-10k-e3-ems.json';
const PRODUCTS = [E3, EMS];

/**
 * remove-10k for a license profile of two products: one profile run moves both into a new group, and removes both
 * direct assignments of a user in one write. The run must end with nobody holding either product directly, everyone
 * still holding both, and no invariant violation; otherwise the scenario fails.
 */
async function main(quick: boolean): Promise<void> {
  const users = quick ? 400 : 10_000;
  // The baseline removes two products per user, one run of the sample each: half the pace, so half the users.
  const baselineUsers = quick ? 20 : 150;
  const sim = await startSimProcess(sizedFixture(FIXTURE, users), { latencyMs: 50 });
  try {
    const bench = await createBenchEngine(sim.graphUrl, { canary: 10, maxBatch: users });
    progress(NAME, `engine: planning the tenant, preparing a new group and verifying ${users} users with ${PRODUCTS.length} products`);
    await takeStats(sim);
    const { run, profile } = await preparedProfileRun(bench.engine);
    const setupStats = await takeStats(sim);
    const products = profile.licenses.map((l) => l.skuId).sort();
    if (profile.users !== users || products.join() !== [...PRODUCTS].sort().join())
      throw new Error(`expected one profile of ${users} users holding E3 + EMS, got ${profile.users} users holding ${products.join(', ')}`);
    const ids = await memberIds(sim, run.groupId, users);
    const { pace, calls, invariants } = await measureRemoval({
      name: NAME,
      sim,
      bench,
      run,
      groupId: run.groupId,
      ids,
      baselineUsers,
      products: PRODUCTS,
      setupStats,
      words: { baseline: 'one product at a time', engine: 'both products of ' },
    });
    const after = await holdersOf(sim, PRODUCTS);
    bench.dispose();
    const directHoldersAfter = Math.max(...after.map((a) => a.direct));
    const usersWithoutAProductAfter = users - Math.min(...after.map((a) => a.holders));
    writeResult(
      NAME,
      quick,
      {
        users,
        products: PRODUCTS.length,
        ...pace,
        groupLicenseWrites: setupStats.requests['POST /groups/{id}/assignLicense'] ?? 0,
        ...calls,
        verifyHttpCallsPerUser: round(setupStats.httpRequests / users, 3),
        directHoldersAfter,
        usersWithoutAProductAfter,
        invariantViolations: invariants.violations.length,
      },
      {
        speedup: { op: '>=', value: 20 },
        engineHttpCallsPerUser: { op: '<=', value: 0.4 },
        licenseWritesPerUser: { op: '<=', value: 1.05 },
        directHoldersAfter: { op: '<=', value: 0 },
        usersWithoutAProductAfter: { op: '<=', value: 0 },
        invariantViolations: { op: '<=', value: 0 },
      },
      [
        `50 ms simulated latency per request; the baseline runs the PowerShell-style sample once per product on ${baselineUsers} users of the same tenant (its per-user cost is flat).`,
        'licenseWritesPerUser: POST /users/{id}/assignLicense requests the engine sent (plan, prepare, verify and removal) per user it removed; groupLicenseWrites: assignLicense calls on the new group (both products go in one).',
        'removalPeakRssMb: resident memory of the bench process (engine + Graph client) sampled every 100 ms while the batches run.',
      ],
    );
    // A run that left a direct assignment, took a product away or lost a service is a failed run, not a slow one.
    const part = (skuId: string) => profile.licenses.find((l) => l.skuId === skuId)?.skuPartNumber ?? skuId;
    const wrong = [
      ...after.filter((a) => a.direct > 0).map((a) => `${a.direct} user(s) still hold ${part(a.skuId)} directly`),
      ...after.filter((a) => a.holders < users).map((a) => `${users - a.holders} user(s) no longer hold ${part(a.skuId)}`),
      ...(invariants.violations.length
        ? [`${invariants.violations.length} invariant violations, first: ${JSON.stringify(invariants.violations[0])}`]
        : []),
    ];
    if (wrong.length) throw new Error(`the profile run did not migrate everyone safely: ${wrong.join('; ')}`);
  } finally {
    await sim.close();
  }
}

main(process.argv.includes('--quick')).catch((e) => {
  console.error(e);
  process.exit(1);
});
