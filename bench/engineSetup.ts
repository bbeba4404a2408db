import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLicensingGraph } from '../src/graph';
import type { MigrationEngine } from '../src/migration/engine';
import { createMigrationEngine } from '../src/migration/engine';
import { createStorage } from '../src/storage';
import type { LicenseProfile } from '../src/migration/profiles';
import type { Run } from '../src/migration/types';

export const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
export const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';

export interface BenchEngine {
  engine: MigrationEngine;
  /** The file storage directory (runs/, lists/, journal/). */
  dir: string;
  dispose(): void;
}

/** The engine as production wires it: the Graph SDK client and file storage (journal fsyncs included). */
export async function createBenchEngine(
  graphUrl: string,
  opts: { canary?: number; maxBatch?: number; concurrency?: number } = {},
): Promise<BenchEngine> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lmb-bench-'));
  const storage = await createStorage(`file:${dir}`);
  const graph = createLicensingGraph({ baseUrl: graphUrl, auth: 'none', concurrency: opts.concurrency ?? 8 });
  const engine = createMigrationEngine({
    graph,
    runs: storage.runs,
    journal: storage.journal,
    pollIntervalMs: 200,
    batchPolicy: { canarySize: opts.canary ?? 10, maxBatchSize: opts.maxBatch ?? 100000, growthFactor: 10 },
  });
  return { engine, dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Creates, prepares and verifies a run on an existing group; returns the run with its planned batches. */
export async function preparedRun(engine: MigrationEngine, groupId: string): Promise<Run> {
  const run = await engine.createRun({ requestedBy: 'bench-requester', skuId: E3, group: { id: groupId } });
  await engine.prepare(run.id);
  await engine.verify(run.id, { timeoutMs: 600_000 });
  return engine.planBatches(run.id);
}

/**
 * Plans the tenant's licenses and runs its largest profile (every product of it) into the new group the plan
 * proposes, as the bot's "the whole tenant" choice does: creates, prepares and verifies the run; returns it with its
 * planned batches.
 */
export async function preparedProfileRun(engine: MigrationEngine): Promise<{ run: Run; profile: LicenseProfile }> {
  const plan = await engine.licensePlan();
  const profile = plan.profiles[0];
  if (!profile) throw new Error('the tenant has no direct license holders, so there is no profile to run');
  if (profile.group.kind !== 'new') throw new Error(`the plan proposes the existing group ${profile.group.displayName}, not a new one`);
  const run = await engine.createRun({
    requestedBy: 'bench-requester',
    skuId: '',
    profileKey: profile.key,
    group: { createWithName: profile.group.displayName },
  });
  await engine.prepare(run.id);
  await engine.verify(run.id, { timeoutMs: 600_000 });
  return { run: await engine.planBatches(run.id), profile };
}

/** Approves and executes every batch of the run in order; returns the removal time in ms. */
export async function executeAll(
  engine: MigrationEngine,
  run: Run,
): Promise<{ ms: number; removed: number; skipped: number; failed: number }> {
  const t0 = performance.now();
  let removed = 0;
  let skipped = 0;
  let failed = 0;
  for (const b of run.batches) {
    await engine.decideBatch(run.id, b.id, { approverId: 'bench-approver', at: new Date().toISOString(), decision: 'approve' });
    const r = await engine.executeBatch(run.id, b.id);
    removed += r.removed;
    skipped += r.skipped;
    failed += r.failed;
    if (r.pausedReason) throw new Error(`run paused: ${r.pausedReason}`);
  }
  return { ms: performance.now() - t0, removed, skipped, failed };
}
