import type { Logger } from 'pino';
import type { Config } from '../config';
import { createLicensingGraph, type LicensingGraphOptions } from './graphLicensing';
import type { LicensingGraph } from './licensingGraph';

export { createLicensingGraph, GraphLicensing, type LicensingGraphOptions } from './graphLicensing';
export { toGraphFailure, isTransient, retryAfterSeconds, GraphNetworkError } from './graphFailure';
export { createGraphClient, parseGraphBaseUrl, GRAPH_SCOPE, type GraphClientOptions, type GraphAuthMode } from './transport';
export type { LicensingGraph } from './licensingGraph';
export * from './types';

/** The licensing client the configuration describes (simulator over http, or a tenant with an app credential). */
export function createLicensingGraphFromConfig(
  config: Config,
  logger?: Logger,
  extra: Partial<Pick<LicensingGraphOptions, 'requestTimeoutMs' | 'fetch' | 'batch' | 'maxRetries'>> = {},
): LicensingGraph {
  return createLicensingGraph({
    baseUrl: config.GRAPH_BASE_URL,
    auth: config.graphAuth,
    tenantId: config.GRAPH_TENANT_ID,
    clientId: config.GRAPH_CLIENT_ID,
    clientSecret: config.GRAPH_CLIENT_SECRET,
    certificatePath: config.GRAPH_CERTIFICATE_PATH,
    managedIdentityClientId: config.GRAPH_MANAGED_IDENTITY_CLIENT_ID,
    concurrency: config.GRAPH_CONCURRENCY,
    logger,
    ...extra,
  });
}
