export { createLicensingGraph, GraphLicensing, type LicensingGraphOptions } from './graphLicensing';
export { toGraphFailure, isTransient, retryAfterSeconds, GraphNetworkError } from './graphFailure';
export { createGraphClient, parseGraphBaseUrl, GRAPH_SCOPE, type GraphClientOptions, type GraphAuthMode } from './transport';
export type { LicensingGraph } from './licensingGraph';
export * from './types';
