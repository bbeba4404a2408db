import type { AuthorizationPolicy } from './bot/authorization';
import type { BotSettings } from './bot/services';
import type { Config } from './config';
import type { LicensingGraphOptions } from './graph/graphLicensing';
import type { MigrationServiceOptions } from './migration/engine';

/** Engine waits the demo and tests shorten. */
export interface EngineTuning {
  pollIntervalMs?: number;
  verifyTimeoutMs?: number;
}

/** What each component takes from the configuration. */
export interface ComponentOptions {
  graph: LicensingGraphOptions;
  engine: Pick<
    MigrationServiceOptions,
    'defaultRequiredApprovals' | 'batchPolicy' | 'pollIntervalMs' | 'verifyTimeoutMs' | 'fourEyes' | 'leaseMs' | 'coverage' | 'driftQuietMs'
  >;
  policy: AuthorizationPolicy;
  settings: BotSettings;
}

/**
 * Every component's options from the configuration, built in one place so a setting cannot reach one component
 * and miss another (the four-eyes rule binds the engine, the authorisation policy and the cards alike).
 */
export function componentOptions(config: Config, tuning: EngineTuning = {}): ComponentOptions {
  return {
    graph: {
      baseUrl: config.GRAPH_BASE_URL,
      auth: config.graphAuth,
      tenantId: config.GRAPH_TENANT_ID,
      clientId: config.GRAPH_CLIENT_ID,
      clientSecret: config.GRAPH_CLIENT_SECRET,
      certificatePath: config.GRAPH_CERTIFICATE_PATH,
      managedIdentityClientId: config.GRAPH_MANAGED_IDENTITY_CLIENT_ID,
      concurrency: config.GRAPH_CONCURRENCY,
    },
    engine: {
      defaultRequiredApprovals: config.APPROVAL_QUORUM,
      batchPolicy: { canarySize: config.CANARY_BATCH_SIZE, maxBatchSize: config.MAX_BATCH_SIZE },
      // The simulator processes group licenses in seconds; a real tenant takes minutes.
      pollIntervalMs: tuning.pollIntervalMs ?? (config.graphSimulated ? 500 : undefined),
      verifyTimeoutMs: tuning.verifyTimeoutMs,
      fourEyes: config.fourEyes,
      leaseMs: config.LEASE_SECONDS * 1000,
      coverage: config.COVERAGE,
      driftQuietMs: config.DRIFT_QUIET_DAYS * 86_400_000,
    },
    policy: {
      allowedTenantIds: config.ALLOWED_TENANT_IDS,
      approverIds: config.APPROVER_IDS,
      approverGroupId: config.APPROVER_GROUP_ID,
      fourEyes: config.fourEyes,
    },
    settings: {
      fourEyes: config.fourEyes,
      approvalQuorum: config.APPROVAL_QUORUM,
      canaryBatchSize: config.CANARY_BATCH_SIZE,
      maxBatchSize: config.MAX_BATCH_SIZE,
      simulated: config.graphSimulated,
      verifyTimeoutMs: tuning.verifyTimeoutMs,
      sweepIntervalMs: config.SWEEP_SECONDS * 1000,
      driftCheckIntervalMs: config.DRIFT_CHECK_INTERVAL,
      driftQuietDays: config.DRIFT_QUIET_DAYS,
    },
  };
}
