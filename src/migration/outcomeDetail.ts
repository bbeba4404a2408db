import { z } from 'zod';

/*
 * What a skipped or failed user's reason names, as data: the engine writes its English reason for the journal, logs
 * and the CLI, and this beside it so cards can say it in any language. Plan names, product part numbers, Entra and
 * Graph codes, Graph's own messages and attribute values are kept as Entra writes them.
 */

/** A clause of a dynamic membership rule the user's attributes fail, with the value read (null: not set). */
export interface RuleMissAbout {
  property: string;
  value: string | boolean | null;
  /** The clause as the rule writes it, `-not (…)` when it counts by not holding. */
  clause: string;
}

/**
 * Why a group cannot be relied on: the run's group (a changed license, membership) or another group users rely on
 * (which adds the user's own standing in it: not a member, the rule no longer matches them).
 */
export type GroupProblem =
  | { kind: 'gone' }
  | { kind: 'noLicense'; sku: string }
  | { kind: 'licenseChanged'; sku: string }
  | { kind: 'disables'; plans: string[] }
  | { kind: 'becameDynamic' }
  | { kind: 'ruleChanged' }
  | { kind: 'membershipPaused' }
  | { kind: 'membershipFailed'; message?: string }
  | { kind: 'membershipProcessing'; status: string }
  | { kind: 'licenseProcessing'; state?: string }
  | { kind: 'unreadable'; message: string }
  | { kind: 'membershipUnread'; failure: string }
  | { kind: 'notMember' }
  | { kind: 'ruleUnreadable'; message: string }
  | { kind: 'ruleMiss'; misses: RuleMissAbout[] }
  | { kind: 'attributesUnread' };

/** Another group a user relies on for some plans, and why it could not be confirmed. */
export interface RelianceAbout {
  groupId: string;
  /** The group's display name, when it could be read (a group that is gone has only its id). */
  groupName?: string;
  plans: string[];
  problem: GroupProblem;
}

/** Why a product of the run stays direct at the check right before removal (`sku` when the run has several). */
export interface NotReadyAbout {
  sku?: string;
  class: string;
  /** error: the Entra code of the group's path. */
  errorCode?: string;
  /** planMismatch: the plans the user would lose; planGain: those they would gain that the approval did not accept. */
  plans?: string[];
}

/** Why products that went could leave the user without a service (see removalRisk). */
export type RiskAbout =
  | { kind: 'notHeld'; skus: string[] }
  | { kind: 'lost'; plans: string[] }
  | { kind: 'group'; group: string; problem: GroupProblem }
  | { kind: 'reliance'; reliance: RelianceAbout }
  | { kind: 'left' }
  | { kind: 'membershipUnknown' }
  | { kind: 'ruleMiss'; group: string; misses: RuleMissAbout[] };

/** Why a direct assignment could not be given back (`sku`: the product's id, in runs of several products). */
export type RestoreFailure =
  | { kind: 'graph'; failure: string; message: string; sku?: string }
  | { kind: 'userGone'; sku?: string }
  | { kind: 'otherAssignment'; sku?: string }
  | { kind: 'noResult'; sku?: string }
  | { kind: 'error'; message: string; sku?: string }
  | { kind: 'unreadable'; failure: string; sku?: string };

/** When products went that the user then needed back. */
export type RestoreWhen = 'removal' | 'lostAnswer' | 'restart' | 'settle';

/** A user's reason as data, by what it names. */
export type OutcomeDetail =
  /** Products not ready at the check right before removal (codes error, planMismatch, planGain, notMember, …). */
  | { kind: 'notReady'; products: NotReadyAbout[] }
  /** The run's dynamic rule no longer matches the user (notMember before removal). */
  | { kind: 'ruleLeaver'; group: string; misses: RuleMissAbout[] }
  /** Another group relied on could not be confirmed right before removal (otherGroupUnconfirmed). */
  | { kind: 'reliance'; reliance: RelianceAbout }
  /** Graph refused the removal, in its words. */
  | { kind: 'refused'; message: string }
  /**
   * Products went and the user would be without a service: what was wrong, and whether the direct assignment is back.
   * `failure`: the Graph failure kind of a removal whose answer was lost; `keptDirect`: products still direct.
   */
  | {
      kind: 'restore';
      when: RestoreWhen;
      risk: RiskAbout;
      reAdded: boolean;
      restoreFailure?: RestoreFailure;
      failure?: string;
      keptDirect?: string[];
    }
  /** Rollback could not give the direct assignment back. */
  | { kind: 'rollback'; failure: RestoreFailure }
  /** The batch stopped before the user's turn (code notAttempted): why, as data. */
  | NotAttemptedAbout
  /**
   * A removal that did not go through and was not sent again (the code is Graph's failure kind): why, and, when one
   * write met products someone else had taken meanwhile, those products and the ones still direct (part numbers).
   */
  | { kind: 'notResent'; why: NotResentWhy; takenByOthers?: string[]; left?: string[] };

/** Why a removal that did not go through is not sent again. */
export type NotResentWhy =
  | { kind: 'twice' }
  | { kind: 'notReady'; products: NotReadyAbout[] }
  | { kind: 'ruleLeaver'; group: string; misses: RuleMissAbout[] }
  | { kind: 'reliance'; reliance: RelianceAbout }
  | { kind: 'group'; group: string; problem: GroupProblem }
  | { kind: 'membershipUnread' };

/**
 * Why a batch stopped before reaching a user: after an unexpected result (the run's pause cause says which), a pause
 * (`reason`: the words of whoever paused it, when it was not the engine) or a cancel.
 */
export interface NotAttemptedAbout {
  kind: 'notAttempted';
  stop: 'unexpected' | 'paused' | 'cancelled';
  /** paused: the reason given by whoever paused the run (absent when the engine paused it). */
  reason?: string;
  /** paused: who paused the run without giving a reason (their name, else their id). */
  by?: string;
}

/** Why the settle check did not finish: the group not ready in time, or a removed user not read back. */
export type SettleGap =
  { kind: 'group'; group: string; problem: GroupProblem; waitedSeconds?: number } | { kind: 'unread'; user: string; failure: string };

/**
 * The unexpected result that paused a run, as data: a user's outcome (their sign-in name, or id when the name was not
 * read, with the outcome's code and detail), the run's group stopping removals before the next users, the settle
 * check finding users without a service (the first ten named) or not finishing.
 */
export type BatchProblemAbout =
  | { kind: 'user'; user: string; outcome: 'failed' | 'skipped'; code?: string; detail?: OutcomeDetail }
  | { kind: 'group'; group: string; problem: GroupProblem; waitedSeconds?: number }
  | { kind: 'settleRestored'; count: number; users: string[]; reAdded: boolean }
  | { kind: 'settleIncomplete'; gap: SettleGap };

const text = z.string();
const texts = z.array(z.string());
const ruleMiss = z.object({ property: text, value: z.union([z.string(), z.boolean(), z.null()]), clause: text });

const groupProblem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('gone') }),
  z.object({ kind: z.literal('noLicense'), sku: text }),
  z.object({ kind: z.literal('licenseChanged'), sku: text }),
  z.object({ kind: z.literal('disables'), plans: texts }),
  z.object({ kind: z.literal('becameDynamic') }),
  z.object({ kind: z.literal('ruleChanged') }),
  z.object({ kind: z.literal('membershipPaused') }),
  z.object({ kind: z.literal('membershipFailed'), message: text.optional() }),
  z.object({ kind: z.literal('membershipProcessing'), status: text }),
  z.object({ kind: z.literal('licenseProcessing'), state: text.optional() }),
  z.object({ kind: z.literal('unreadable'), message: text }),
  z.object({ kind: z.literal('membershipUnread'), failure: text }),
  z.object({ kind: z.literal('notMember') }),
  z.object({ kind: z.literal('ruleUnreadable'), message: text }),
  z.object({ kind: z.literal('ruleMiss'), misses: z.array(ruleMiss) }),
  z.object({ kind: z.literal('attributesUnread') }),
]);

const reliance = z.object({ groupId: text, groupName: text.optional(), plans: texts, problem: groupProblem });

export const riskAboutSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('notHeld'), skus: texts }),
  z.object({ kind: z.literal('lost'), plans: texts }),
  z.object({ kind: z.literal('group'), group: text, problem: groupProblem }),
  z.object({ kind: z.literal('reliance'), reliance }),
  z.object({ kind: z.literal('left') }),
  z.object({ kind: z.literal('membershipUnknown') }),
  z.object({ kind: z.literal('ruleMiss'), group: text, misses: z.array(ruleMiss) }),
]);

const sku = text.optional();
const restoreFailure = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('graph'), failure: text, message: text, sku }),
  z.object({ kind: z.literal('userGone'), sku }),
  z.object({ kind: z.literal('otherAssignment'), sku }),
  z.object({ kind: z.literal('noResult'), sku }),
  z.object({ kind: z.literal('error'), message: text, sku }),
  z.object({ kind: z.literal('unreadable'), failure: text, sku }),
]);

const notReady = z.object({
  kind: z.literal('notReady'),
  products: z.array(z.object({ sku, class: text, errorCode: text.optional(), plans: texts.optional() })).min(1),
});
const ruleLeaver = z.object({ kind: z.literal('ruleLeaver'), group: text, misses: z.array(ruleMiss) });
const notResentWhy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('twice') }),
  notReady,
  ruleLeaver,
  z.object({ kind: z.literal('reliance'), reliance }),
  z.object({ kind: z.literal('group'), group: text, problem: groupProblem }),
  z.object({ kind: z.literal('membershipUnread') }),
]);

/** What is read back from the journal or an old run: a detail of an unknown shape is left out, the reason stays. */
export const outcomeDetailSchema = z.discriminatedUnion('kind', [
  notReady,
  ruleLeaver,
  z.object({ kind: z.literal('reliance'), reliance }),
  z.object({ kind: z.literal('refused'), message: text }),
  z.object({
    kind: z.literal('restore'),
    when: z.enum(['removal', 'lostAnswer', 'restart', 'settle']),
    risk: riskAboutSchema,
    reAdded: z.boolean(),
    restoreFailure: restoreFailure.optional(),
    failure: text.optional(),
    keptDirect: texts.optional(),
  }),
  z.object({ kind: z.literal('rollback'), failure: restoreFailure }),
  z.object({
    kind: z.literal('notAttempted'),
    stop: z.enum(['unexpected', 'paused', 'cancelled']),
    reason: text.optional(),
    by: text.optional(),
  }),
  z.object({ kind: z.literal('notResent'), why: notResentWhy, takenByOthers: texts.optional(), left: texts.optional() }),
]);

const waitedSeconds = z.number().min(0).optional();
const groupStop = z.object({ kind: z.literal('group'), group: text, problem: groupProblem, waitedSeconds });

/** Why a settle check did not finish, read back from a stored batch or pause cause. */
export const settleGapSchema = z.discriminatedUnion('kind', [
  groupStop,
  z.object({ kind: z.literal('unread'), user: text, failure: text }),
]);

/** A pause cause's facts read back from a stored run: of an unknown shape, they are left out and the English stays. */
export const batchProblemAboutSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    user: text,
    outcome: z.enum(['failed', 'skipped']),
    code: text.optional(),
    // A detail a newer version wrote is dropped on its own: the code still says what happened.
    detail: outcomeDetailSchema.optional().catch(undefined),
  }),
  groupStop,
  z.object({ kind: z.literal('settleRestored'), count: z.number().int().min(0), users: texts, reAdded: z.boolean() }),
  z.object({ kind: z.literal('settleIncomplete'), gap: settleGapSchema }),
]);

// Compile-time guards: the schemas accept exactly the types (either way round).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _detailSame: Same<z.infer<typeof outcomeDetailSchema>, OutcomeDetail> = true;
const _riskSame: Same<z.infer<typeof riskAboutSchema>, RiskAbout> = true;
const _problemSame: Same<z.infer<typeof batchProblemAboutSchema>, BatchProblemAbout> = true;
const _gapSame: Same<z.infer<typeof settleGapSchema>, SettleGap> = true;
void _detailSame;
void _riskSame;
void _problemSame;
void _gapSame;

/** What a schema reads from a stored value, or undefined when there is none or it has a shape this version does not know. */
function readStored<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A stored detail, or undefined when there is none or it has a shape this version does not know. */
export function parseOutcomeDetail(value: unknown): OutcomeDetail | undefined {
  return readStored(outcomeDetailSchema, value);
}

/** A stored risk (written with a restore intent), or undefined. */
export function parseRiskAbout(value: unknown): RiskAbout | undefined {
  return readStored(riskAboutSchema, value);
}

/** Something the engine says twice: the English sentence (journal, logs, CLI) and the same as data (cards). */
export interface Said<T> {
  text: string;
  about: T;
}
