import { createBenchEngine, executeAll, preparedRun } from '../engineSetup';
import { fixtureGroup, sizedFixture } from '../fixtures';
import { progress, writeResult } from '../result';
import { startSimProcess } from '../sim';
import { settled, takeStats } from '../simStats';

const NAME = 'throttled';
/** Graph's documented write limit per app and tenant: 3,000 writes per 150 s. */
const DOCUMENTED = { writes: 3000, seconds: 150 };

async function measure(users: number, throttle: Record<string, unknown>, ceilingPerSecond: number) {
  const group = fixtureGroup('gen-10k.json');
  const sim = await startSimProcess(sizedFixture('gen-10k.json', users), { latencyMs: 10 });
  try {
    await settled(sim, group);
    const bench = await createBenchEngine(sim.graphUrl, { canary: 10, maxBatch: users });
    const run = await preparedRun(bench.engine, group);
    await sim.put('/_sim/behaviour', { throttle });
    await takeStats(sim);
    const r = await executeAll(bench.engine, run);
    const s = await takeStats(sim);
    bench.dispose();
    const rate = r.removed / (r.ms / 1000);
    return { removed: r.removed, rate, fraction: rate / ceilingPerSecond, share429: s.throttled / Math.max(1, s.total) };
  } finally {
    await sim.close();
  }
}

async function main(quick: boolean): Promise<void> {
  const users = quick ? 300 : 5000;
  progress(NAME, `${users} users, write bucket 100 writes/s`);
  const a = await measure(users, { writeRequestsPerSecond: 100 }, 100);
  const metrics: Record<string, number> = {
    users,
    ceilingWritesPerSecond: 100,
    usersPerSecond: round(a.rate),
    fractionOfCeiling: round(a.fraction, 3),
    share429: round(a.share429, 4),
  };
  const notes = ['Each removal is one directory write; the ceiling is the write bucket.'];
  if (!quick) {
    // The documented bucket lets 3,000 writes through at once, so it only bites beyond that many users.
    const n = 4000;
    progress(NAME, `${n} users, Graph's documented preset (3,000 writes per 150 s)`);
    const b = await measure(n, { preset: 'graph-documented' }, DOCUMENTED.writes / DOCUMENTED.seconds);
    metrics.documentedUsers = n;
    metrics.documentedUsersPerSecond = round(b.rate);
    metrics.documentedShare429 = round(b.share429, 4);
  }
  const hours = 100_000 / (DOCUMENTED.writes / DOCUMENTED.seconds) / 3600;
  metrics.minHoursFor100kUsersAtDocumentedLimit = round(hours, 2);
  notes.push(
    `At Graph's documented limit (${DOCUMENTED.writes} writes per ${DOCUMENTED.seconds} s per app and tenant) removing 100,000 direct assignments takes at least ${hours.toFixed(2)} h; membership adds (5,000 PATCH of 20) and the group assignment add a few minutes more.`,
  );
  writeResult(NAME, quick, metrics, { fractionOfCeiling: { op: '>=', value: 0.8 }, share429: { op: '<=', value: 0.02 } }, notes);
}

function round(n: number, d = 2): number {
  return Number(n.toFixed(d));
}

main(process.argv.includes('--quick')).catch((e) => {
  console.error(e);
  process.exit(1);
});
