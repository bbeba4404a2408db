/** Typed Adaptive Card builders (Adaptive Cards 1.5) and the parser of their Action.Execute payloads. */
export type { AdaptiveCard, CardActionElement, CardElement, CardStyle } from './types';
export * from './actions';
export { buildWelcomeCard, BOT_COMMANDS, type CommandHelp, type WelcomeCardInput } from './welcome';
export { buildSkuChoiceCard, type SkuChoiceCardInput } from './skuChoice';
export { buildCohortCard, type CohortCardInput, type GroupOption } from './cohort';
export { buildPreflightCard, type PreflightCardInput } from './preflight';
export { buildProcessingCard, type ProcessingCardInput } from './processing';
export { buildVerificationCard, type VerificationCardInput } from './verification';
export { buildErrorUsersCard, MAX_ERROR_PAGE_SIZE, type ErrorUsersCardInput } from './errorUsers';
export { buildSpotCheckCard, type SpotCheckCardInput } from './spotCheck';
export { buildBatchApprovalCard, type BatchApprovalCardInput, type BatchDecided, type BatchDecisionOutcome } from './batchApproval';
export { buildBatchResultCard, type BatchResultCardInput } from './batchResult';
export { buildRunStatusCard, type RunStatusCardInput } from './runStatus';
export { buildFinalReportCard, type FinalReportCardInput } from './finalReport';
export { buildRollbackConfirmCard, type RollbackConfirmCardInput } from './rollbackConfirm';
export { buildMessageCard, type MessageCardInput } from './message';
