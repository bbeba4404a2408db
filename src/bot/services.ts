import type { Storage } from 'botbuilder';
import type { LicensingGraph } from '../graph/licensingGraph';
import type { MigrationEngine } from '../migration/engine';
import type { Journal } from '../migration/store';
import type { Logger } from '../logger';
import type { Authorizer } from './authorization';
import type { Notifier } from './notifier';
import type { RunMessages } from './runMessages';

/** Settings the bot reads from configuration; the rest of Config stays in the composition root. */
export interface BotSettings {
  fourEyes: boolean;
  approvalQuorum: number;
  canaryBatchSize: number;
  maxBatchSize: number;
  /** The Graph endpoint is the local simulator (shown on cards). */
  simulated: boolean;
  /** How long verification may wait for group processing. */
  verifyTimeoutMs?: number;
  /** How often this instance looks for work a stopped process left (see MigrationRunner.sweep). */
  sweepIntervalMs?: number;
  /** How often a completed run's SKU is checked for drift (DRIFT_CHECK_INTERVAL); null: only on demand. */
  driftCheckIntervalMs?: number | null;
  /** Days without a new direct assignment before the legacy automation may be retired (DRIFT_QUIET_DAYS). */
  driftQuietDays?: number;
}

/** Everything a command, a dialog or a card handler may use. */
export interface BotServices {
  engine: MigrationEngine;
  graph: LicensingGraph;
  journal?: Journal;
  storage: Storage;
  authorizer: Authorizer;
  notifier: Notifier;
  runMessages: RunMessages;
  settings: BotSettings;
  logger: Logger;
}
