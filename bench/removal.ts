import type { Run } from '../src/migration/types';
import { runBaseline } from './baseline';
import { executeAll, type BenchEngine } from './engineSetup';
import { progress } from './result';
import { sampleRss } from './rss';
import type { SimHandle } from './sim';
import { takeStats, userLicenseWrites, type SimStats } from './simStats';

export interface RemovalBench {
  /** The scenario, for the progress lines. */
  name: string;
  sim: SimHandle;
  bench: BenchEngine;
  /** The prepared and verified run, its batches planned. */
  run: Run;
  /** The group the baseline finds the users' group path by, as the scenario gave it. */
  groupId: string;
  /** The run's users in order: the baseline takes the last `baselineUsers` of them. */
  ids: string[];
  baselineUsers: number;
  products: readonly string[];
  /** The simulator's counts for planning, preparing and verifying the run. */
  setupStats: SimStats;
  /** How the progress lines say what each side removes ("one at a time"; "both products of "). */
  words: { baseline: string; engine: string };
}

/**
 * The removal remove-10k and remove-profiles measure: the baseline on the LAST users, so the engine's batches
 * (planned already) keep theirs until it runs, then every batch of the run with the memory sampled. Returns the
 * figures both report (`pace`, then `calls`, in the order they print) and what each scenario checks on its own.
 */
export async function measureRemoval(x: RemovalBench) {
  const { name, sim, bench, run, baselineUsers, setupStats } = x;
  const ready = run.lastVerification?.summary.ready ?? 0;
  progress(name, `baseline: ${baselineUsers} users ${x.words.baseline}`);
  const base = await runBaseline(sim.graphUrl, x.ids.slice(-baselineUsers), x.products, x.groupId);
  const baseStats = await takeStats(sim);
  progress(name, `engine: removing ${x.words.engine}${ready} ready users in ${run.batches.length} batches`);
  global.gc?.();
  const rss = sampleRss();
  const eng = await executeAll(bench.engine, run);
  const removalPeakRssMb = rss.stop();
  const engStats = await takeStats(sim);
  const invariants = await sim.get<{ violations: unknown[] }>('/_sim/invariants');
  const engineRate = eng.removed / (eng.ms / 1000);
  const baselineRate = base.removed / (base.ms / 1000);
  const pace = {
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
  };
  const calls = {
    engineHttpCallsPerUser: round(engStats.httpRequests / Math.max(1, eng.removed), 3),
    engineInnerRequestsPerUser: round(engStats.total / Math.max(1, eng.removed), 3),
  };
  return { pace, calls, base, baseStats, invariants };
}

export function round(n: number, d = 2): number {
  return Number(n.toFixed(d));
}
