import type { GroupInfo } from '../graph/types';
import type { Run } from './types';
import type { EngineContext } from './context';
import { readRetry } from './readRetry';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type GroupGate = { ok: true; group: GroupInfo } | { ok: false; reason: string; waiting: boolean };

/** Why the group no longer gives the run's users what their direct assignment gave, or null when it still does. */
export function groupLicenseProblem(run: Run, group: GroupInfo | null): string | null {
  if (!group) return `group "${run.groupDisplayName}" no longer exists`;
  const license = group.assignedLicenses.find((l) => l.skuId.toLowerCase() === run.skuId.toLowerCase());
  if (!license) return `group "${run.groupDisplayName}" no longer assigns ${run.skuPartNumber}`;
  const want = new Set(run.disabledPlans.map((p) => p.toLowerCase()));
  const have = new Set((license.disabledPlans ?? []).map((p) => p.toLowerCase()));
  if (want.size !== have.size || [...want].some((p) => !have.has(p))) {
    return `the ${run.skuPartNumber} license of group "${run.groupDisplayName}" was changed (its disabled plans differ from the run's); removals would take services away`;
  }
  return null;
}

/** Reads the group once: is its license still the run's, and has Entra finished applying every change to it? */
export async function checkGroup(ctx: EngineContext, run: Run): Promise<GroupGate> {
  const group = await readRetry(() => ctx.graph.getGroup(run.groupId));
  const problem = groupLicenseProblem(run, group);
  if (problem) return { ok: false, reason: problem, waiting: false };
  if (group!.licenseProcessingState !== 'ProcessingComplete') {
    return { ok: false, reason: `group "${run.groupDisplayName}" is still processing licenses (${group!.licenseProcessingState ?? 'state unknown'})`, waiting: true };
  }
  return { ok: true, group: group! };
}

/**
 * Waits until the group's license still matches the run and its processing is complete: a membership or
 * license change Entra has not applied yet would make every user's group path look better than it is.
 * A changed license fails at once; processing that does not finish within settleTimeoutMs fails with the reason.
 */
export async function awaitGroupReady(ctx: EngineContext, run: Run, timeoutMs = ctx.settings.settleTimeoutMs): Promise<GroupGate> {
  const started = Date.now();
  for (;;) {
    const gate = await checkGroup(ctx, run);
    if (gate.ok || !gate.waiting) return gate;
    const waited = Date.now() - started;
    if (waited >= timeoutMs) return { ...gate, reason: `${gate.reason} after waiting ${Math.round(waited / 1000)} s` };
    await sleep(Math.min(ctx.settings.pollIntervalMs, Math.max(1, timeoutMs - waited)));
  }
}
