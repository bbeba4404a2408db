import type { GroupInfo } from '../graph/types';
import type { Run } from './types';
import type { EngineContext } from './context';
import { errorMessage } from '../common/errorMessage';
import { isTransientGraphError, readRetry } from './readRetry';
import { assertNotStopping } from './lease';
import { isDynamicGroup } from './dynamicRule';
import { runLicenses } from './runLicenses';
import type { GroupProblem, Said } from './outcomeDetail';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A failed gate says why in English (`reason`) and as data (`about`, of the run's group, named in `group`);
 * `waitedSeconds` when it failed after waiting that long for processing to finish.
 */
export type GroupGate =
  | { ok: true; group: GroupInfo }
  | { ok: false; reason: string; waiting: boolean; about: GroupProblem; group: string; waitedSeconds?: number };

/** A failed gate as what stopped removals, as data: the group's problem, and how long it was waited for when it was. */
export function groupStopOf(gate: GroupGate & { ok: false }): {
  kind: 'group';
  group: string;
  problem: GroupProblem;
  waitedSeconds?: number;
} {
  return {
    kind: 'group',
    group: gate.group,
    problem: gate.about,
    ...(gate.waitedSeconds !== undefined ? { waitedSeconds: gate.waitedSeconds } : {}),
  };
}

/** Why the group no longer gives the run's users what their direct assignment gave, or null when it still does. */
export function groupLicenseProblem(run: Run, group: GroupInfo | null): Said<GroupProblem> | null {
  if (!group) return { text: `group "${run.groupDisplayName}" no longer exists`, about: { kind: 'gone' } };
  for (const l of runLicenses(run)) {
    const license = group.assignedLicenses.find((a) => a.skuId.toLowerCase() === l.skuId.toLowerCase());
    if (!license)
      return {
        text: `group "${run.groupDisplayName}" no longer assigns ${l.skuPartNumber}`,
        about: { kind: 'noLicense', sku: l.skuPartNumber },
      };
    const want = new Set(l.disabledPlans.map((p) => p.toLowerCase()));
    const have = new Set((license.disabledPlans ?? []).map((p) => p.toLowerCase()));
    if (want.size !== have.size || [...want].some((p) => !have.has(p))) {
      return {
        text: `the ${l.skuPartNumber} license of group "${run.groupDisplayName}" was changed (its disabled plans differ from the run's); removals would take services away`,
        about: { kind: 'licenseChanged', sku: l.skuPartNumber },
      };
    }
  }
  return null;
}

/**
 * Why a dynamic group's membership cannot be trusted for removals, or null when it can (or the group has assigned
 * membership). `waiting` when Entra is still applying the rule and a later read may pass.
 */
export function membershipProblem(run: Run, group: GroupInfo): { reason: string; waiting: boolean; about: GroupProblem } | null {
  if (!isDynamicGroup(group)) return null;
  const name = `group "${run.groupDisplayName}"`;
  if (run.membershipRule === undefined)
    return {
      reason: `${name} has dynamic membership now, which the run was not prepared for; resume the run to carry on with its rule checked for each user, or cancel it`,
      waiting: false,
      about: { kind: 'becameDynamic' },
    };
  if ((group.membershipRule ?? '') !== run.membershipRule)
    return {
      reason: `the membership rule of ${name} changed since the run was prepared, so members may leave; put the rule back, or cancel the run and start a new one`,
      waiting: false,
      about: { kind: 'ruleChanged' },
    };
  if (group.membershipRuleProcessingState === 'Paused')
    return {
      reason: `membership processing of ${name} is paused; resume it so membership follows the rule again`,
      waiting: false,
      about: { kind: 'membershipPaused' },
    };
  const status = group.membershipProcessing?.status;
  if (status === 'Failed')
    return {
      reason: `membership processing of ${name} failed (${group.membershipProcessing?.errorMessage ?? 'no reason given'})`,
      waiting: false,
      about: {
        kind: 'membershipFailed',
        ...(group.membershipProcessing?.errorMessage ? { message: group.membershipProcessing.errorMessage } : {}),
      },
    };
  if (status === 'NotStarted' || status === 'Running')
    return {
      reason: `${name} is still processing its membership rule (${status})`,
      waiting: true,
      about: { kind: 'membershipProcessing', status },
    };
  return null;
}

/** Whether Entra has finished applying the group's license and, for a dynamic group, its membership rule. */
export function processingComplete(group: GroupInfo): boolean {
  if (group.licenseProcessingState !== 'ProcessingComplete') return false;
  const status = group.membershipProcessing?.status;
  return !isDynamicGroup(group) || !(status === 'NotStarted' || status === 'Running');
}

/**
 * Reads a group until Entra has finished processing it (see processingComplete), it is gone (null), or `timeoutMs`
 * has passed; returns the last read. Each read goes to `onRead` with the time waited so far.
 */
export async function awaitGroupProcessing(
  ctx: EngineContext,
  groupId: string,
  timeoutMs: number,
  what: string,
  onRead?: (group: GroupInfo, elapsedMs: number) => void,
): Promise<GroupInfo | null> {
  const started = Date.now();
  for (;;) {
    assertNotStopping(ctx, what);
    const group = await readRetry(() => ctx.graph.getGroup(groupId));
    if (!group) return null;
    const elapsedMs = Date.now() - started;
    onRead?.(group, elapsedMs);
    if (processingComplete(group) || elapsedMs >= timeoutMs) return group;
    await sleep(Math.min(ctx.settings.pollIntervalMs, Math.max(1, timeoutMs - elapsedMs)));
  }
}

/** Reads the group once: is its license still the run's, and has Entra finished applying every change to it? */
export async function checkGroup(ctx: EngineContext, run: Run): Promise<GroupGate> {
  let group: GroupInfo | null;
  try {
    group = await readRetry(() => ctx.graph.getGroup(run.groupId));
  } catch (err) {
    // A read that keeps failing is no reason to crash a batch: it counts as "not ready yet" while it may pass
    // (the wait ends in a pause with this reason), and stops removals at once when it will not.
    return {
      ok: false,
      reason: `group "${run.groupDisplayName}" could not be read (${errorMessage(err)})`,
      waiting: isTransientGraphError(err),
      about: { kind: 'unreadable', message: errorMessage(err) },
      group: run.groupDisplayName,
    };
  }
  const problem = groupLicenseProblem(run, group);
  if (problem) return { ok: false, reason: problem.text, waiting: false, about: problem.about, group: run.groupDisplayName };
  const membership = membershipProblem(run, group!);
  if (membership) return { ok: false, ...membership, group: run.groupDisplayName };
  if (group!.licenseProcessingState !== 'ProcessingComplete') {
    return {
      ok: false,
      reason: `group "${run.groupDisplayName}" is still processing licenses (${group!.licenseProcessingState ?? 'state unknown'})`,
      waiting: true,
      about: { kind: 'licenseProcessing', ...(group!.licenseProcessingState ? { state: group!.licenseProcessingState } : {}) },
      group: run.groupDisplayName,
    };
  }
  return { ok: true, group: group! };
}

/**
 * Reads of the run's group shared by the chunks of one batch. A caller names how old a read may be (by when it
 * started): chunks starting together share one read, while a check after a removal always gets a read that
 * started after the removal was answered.
 */
export class GroupWatch {
  private last: { startedAt: number; result: Promise<GroupGate> } | null = null;

  constructor(
    private readonly ctx: EngineContext,
    private readonly run: Run,
  ) {}

  /** A read of the group that started at or after `notBefore` (epoch ms). */
  check(notBefore: number): Promise<GroupGate> {
    if (this.last && this.last.startedAt >= notBefore) return this.last.result;
    const startedAt = Date.now();
    const result = checkGroup(this.ctx, this.run);
    const entry = { startedAt, result };
    this.last = entry;
    result.catch(() => {
      if (this.last === entry) this.last = null;
    });
    return result;
  }

  /**
   * Waits until the group's license still matches the run and its processing is complete: a membership or
   * license change Entra has not applied yet would make every user's group path look better than it is.
   * A changed license fails at once; processing that does not finish within settleTimeoutMs fails with the reason.
   * The first look may reuse a read that started up to `maxAgeMs` ago.
   */
  async ready(maxAgeMs = 0, timeoutMs = this.ctx.settings.settleTimeoutMs): Promise<GroupGate> {
    const started = Date.now();
    let notBefore = started - maxAgeMs;
    for (;;) {
      assertNotStopping(this.ctx, 'the wait for group processing');
      const gate = await this.check(notBefore);
      if (gate.ok || !gate.waiting) return gate;
      const waited = Date.now() - started;
      if (waited >= timeoutMs) {
        const waitedSeconds = Math.round(waited / 1000);
        return { ...gate, reason: `${gate.reason} after waiting ${waitedSeconds} s`, waitedSeconds };
      }
      await sleep(Math.min(this.ctx.settings.pollIntervalMs, Math.max(1, timeoutMs - waited)));
      notBefore = Date.now();
    }
  }
}

/** Waits until the group is ready for removals (see GroupWatch.ready), with a read of its own. */
export function awaitGroupReady(ctx: EngineContext, run: Run, timeoutMs = ctx.settings.settleTimeoutMs): Promise<GroupGate> {
  return new GroupWatch(ctx, run).ready(0, timeoutMs);
}
