import type { Logger } from 'pino';
import type { LicensingGraph } from '../graph/licensingGraph';
import type { BatchPolicy } from './engine';
import type { Coverage } from './coverage';
import type { PlanRules } from './planRules';
import type { RunRepository } from './runLifecycle';
import type { Journal } from './store';

/** Tunables of the engine; defaults suit a real tenant, tests shorten the waits. */
export interface EngineSettings {
  /** How often verification polls the group's processing state. */
  pollIntervalMs: number;
  /** How long verification waits for ProcessingComplete. */
  verifyTimeoutMs: number;
  /** Users removed per Graph $batch call (≤ 20). */
  chunkSize: number;
  /** Chunks of one batch in flight at once (after the first, which runs alone). */
  chunkConcurrency: number;
  batchPolicy: BatchPolicy;
  planRules: PlanRules;
  /**
   * Work (a running batch, a preparation) whose lease was not renewed for this long is considered interrupted
   * (its process stopped) and any instance's sweep takes it over. Renewed every quarter of it.
   */
  leaseMs: number;
  /**
   * How long a batch waits for the group's license processing to complete: before each chunk, and after the
   * batch for the settle check. Past it the run pauses with the reason.
   */
  settleTimeoutMs: number;
  defaultRequiredApprovals: number;
  /** The requester's own approval never suffices alone. */
  fourEyes: boolean;
  /** Which group paths cover a direct assignment, at verification and right before each removal alike. */
  coverage: Coverage;
  /** The drift watch says the legacy automation can be retired after this long without a new direct assignment. */
  driftQuietMs: number;
}

/** What every phase of the engine works with. */
export interface EngineContext {
  graph: LicensingGraph;
  runs: RunRepository;
  journal: Journal;
  log: Logger;
  now: () => Date;
  newId: () => string;
  settings: EngineSettings;
  /** Set when the process is stopping (SIGTERM): long work hands its lease back at the next step instead of going on. */
  stopping: { requested: boolean };
}
