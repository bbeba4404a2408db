import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLicensingGraph } from '../../src/graph';
import type { LicensingGraph } from '../../src/graph/licensingGraph';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { MigrationService, type MigrationServiceOptions } from '../../src/migration/engine';
import { MemoryJournal, MemoryRunStore, FileJournal, FileRunStore } from '../../src/storage';
import type { Journal, RunStore } from '../../src/migration/store';
import type { Run } from '../../src/migration/types';

// Fixtures are JSON documents patched freely by tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fixture = Record<string, any>;

export const REPO = path.resolve(__dirname, '../..');
import { E3 } from './constants';
export { E3 };
export const APPROVER = { approverId: '00000000-0000-0000-0000-0000000000a1', decision: 'approve' as const, at: '' };

/** A fixture from fixtures/, with fast group processing. */
export function fixture(name: string, patch: (f: Fixture) => void = () => {}): Fixture {
  const f = JSON.parse(readFileSync(path.join(REPO, 'fixtures', name), 'utf8'));
  f.behaviour = { ...(f.behaviour ?? {}), groupProcessingDelayMs: 100 };
  delete f.behaviour.groupProcessingUsersPerSecond;
  patch(f);
  return f;
}

/** Microsoft's worked example, scaled down. */
export function contoso(users = 120): Fixture {
  return fixture('contoso-1000.json', (f) => {
    f.generate.users = users;
  });
}

export interface Harness {
  sim: RunningSimulator;
  graph: LicensingGraph;
  runs: RunStore;
  journal: Journal;
  engine: MigrationService;
  dir?: string;
  newEngine(extra?: Partial<MigrationServiceOptions>): MigrationService;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  control(pathname: string, method?: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

/** A simulator over HTTP, the real Graph client and an engine over memory (or file) stores. */
export async function startHarness(
  fx: object,
  opts: { file?: boolean; engine?: Partial<MigrationServiceOptions>; requestTimeoutMs?: number; maxItemAttempts?: number } = {},
): Promise<Harness> {
  const sim = await startSimulator({ fixture: fx, port: 0, quiet: true });
  const graph = createLicensingGraph({
    baseUrl: sim.graphUrl,
    auth: 'none',
    concurrency: 4,
    requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
    retryDelaySeconds: 1,
    batch: { fallbackDelaySeconds: 0.2, maxItemAttempts: opts.maxItemAttempts },
  });
  const dir = opts.file ? mkdtempSync(path.join(tmpdir(), 'lmb-engine-')) : undefined;
  const runs = dir ? new FileRunStore(dir) : new MemoryRunStore();
  const journal = dir ? new FileJournal(dir) : new MemoryJournal();
  const newEngine = (extra: Partial<MigrationServiceOptions> = {}) =>
    new MigrationService({ graph, runs, journal, pollIntervalMs: 50, verifyTimeoutMs: 20_000, ...opts.engine, ...extra });
  const h: Harness = {
    sim,
    graph,
    runs,
    journal,
    dir,
    engine: newEngine(),
    newEngine,
    async control(pathname, method = 'GET', body) {
      const res = await fetch(`${sim.url}/_sim${pathname}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    async close() {
      await sim.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Creates, prepares and verifies a run for the SKU and group. */
export async function preparedAndVerified(
  h: Harness,
  group: { id: string } | { createWithName: string },
  extra: Record<string, unknown> = {},
): Promise<Run> {
  const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group, ...extra });
  await h.engine.prepare(run.id);
  await h.engine.verify(run.id);
  return (await h.engine.getRun(run.id))!;
}

/** Approves and executes every planned batch in order; stops when the run pauses. */
export async function approveAndRunAll(h: Harness, runId: string, approvers = [APPROVER]): Promise<Run> {
  let run = (await h.engine.getRun(runId))!;
  for (const b of run.batches.filter((x) => x.status === 'planned')) {
    for (const a of approvers) await h.engine.decideBatch(runId, b.id, a);
    const result = await h.engine.executeBatch(runId, b.id);
    if (result.pausedReason) break;
  }
  run = (await h.engine.getRun(runId))!;
  return run;
}

/** Resolves once no group has license processing queued or running. */
export async function processingSettled(h: Harness, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await h.control('/health')).processingGroups) {
    if (Date.now() > until) throw new Error('group processing did not settle');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The user's direct E3 assignment as the simulator serves it, or null. */
export async function directOf(h: Harness, userId: string, skuId = E3): Promise<string[] | null> {
  const u = await h.graph.getUser(userId);
  const d = u?.licenseAssignmentStates.find((s) => s.skuId === skuId && s.assignedByGroup === null);
  return d ? [...d.disabledPlans].sort() : null;
}
