/** The migration domain: engine, pure planning functions and their types. */
export { MigrationService, createMigrationEngine, type MigrationServiceOptions } from './engine';
export { MigrationError, type MigrationErrorCode } from './errors';
export type * from './engine';
export type * from './types';
export { USER_CLASSES } from './types';
export { outcomesToCsv, outcomesToJson } from './report';
export { buildCohorts, cohortKey } from './cohorts';
export { classifyUser, summarize } from './classification';
export { preflightFindings } from './preflight';
export { planBatchSizes, splitIntoBatches, DEFAULT_BATCH_POLICY } from './batchPlan';
export { buildSpotCheck } from './spotCheck';
export { fixForError, ERROR_FIXES } from './errorFixes';
export { applyReprocess, MAX_REPROCESS_USERS, type ReprocessResult, type ReprocessedUser } from './reprocess';
export type { UnitShortage } from './unitShortage';
export { watchedRuns, driftDue, followUpRequest, DRIFT_KINDS, DRIFT_SAMPLE } from './drift';
export type { DriftCheck, DriftFinding, DriftFindings, DriftKind, DriftNotice, DriftState, DriftUser } from './drift';
