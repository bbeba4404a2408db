import type { ProgressListener, Run } from './types';
import type { EngineContext } from './context';
import { holderIds, readMemberIds } from './discovery';
import { MigrationError } from './errors';
import { assertStatus } from './runLifecycle';
import { runPreflight } from './runCreation';
import { inRunCohort } from './scope';
import { isDynamicGroup } from './dynamicRule';
import { runLicenses } from './runLicenses';

/**
 * Creates or uses the group, adds the cohort's users as members and assigns the cohort's SKUs + disabledPlans to it.
 * Direct assignments are never touched here. Safe to repeat: every step checks what is already done.
 */
export async function prepareRun(ctx: EngineContext, runId: string, onProgress?: ProgressListener): Promise<Run> {
  let run = await ctx.runs.load(runId);
  assertStatus(run, ['created', 'prepared'], 'prepare');
  const blockers = (await runPreflight(ctx, runId)).filter((f) => f.severity === 'blocker');
  if (blockers.length) {
    throw new MigrationError(
      'preflightBlocked',
      `Pre-flight found ${blockers.length} blocker(s): ${blockers.map((b) => `${b.message} Fix: ${b.fix}`).join(' | ')}`,
    );
  }
  const actorId = run.requestedBy;
  onProgress?.({ type: 'phase', runId, phase: 'prepare', message: 'Preparing the licensing group' });

  if (!run.groupId) run = await createGroup(ctx, run);

  const group = await ctx.graph.getGroup(run.groupId);
  if (!group) throw new MigrationError('notFound', `Group ${run.groupId} no longer exists.`);
  const dynamic = isDynamicGroup(group);
  if (dynamic && run.membershipRule !== (group.membershipRule ?? '')) {
    // Pre-flight was confirmed against the rule as it is now; removals are later checked against this text.
    run = await ctx.runs.update(runId, (r) => {
      r.membershipRule = group.membershipRule ?? '';
    });
  }
  const memberIds = await readMemberIds(ctx.graph, run.groupId);
  const cohortIds = await holderIds(ctx.graph, run.skuId, (u) => inRunCohort(run, u));
  const missing = dynamic ? [] : cohortIds.filter((id) => !memberIds.has(id));
  if (missing.length) {
    await ctx.journal.append({
      runId,
      kind: 'group.membersAdded',
      actorId,
      detail: { phase: 'before', groupId: run.groupId, userIds: missing },
    });
    const results = await ctx.graph.addMembers(run.groupId, missing);
    const failed = results.filter((r) => !r.ok);
    await ctx.journal.append({
      runId,
      kind: 'group.membersAdded',
      actorId,
      detail: {
        phase: 'after',
        groupId: run.groupId,
        added: results.length - failed.length,
        failed: failed.map((f) => ({ id: f.id, kind: f.ok ? '' : f.failure.kind })),
      },
    });
    onProgress?.({ type: 'membersAdded', runId, added: results.length - failed.length, total: missing.length });
    if (failed.length) ctx.log.warn({ runId, failed: failed.length }, 'some members could not be added; they stay pending');
  }

  // Every product the group does not carry yet goes in one assignLicense, as Entra processes it in one pass.
  const licenses = runLicenses(run)
    .filter((l) => !group.assignedLicenses.some((a) => a.skuId.toLowerCase() === l.skuId.toLowerCase()))
    .map((l) => ({ skuId: l.skuId, disabledPlans: [...l.disabledPlans] }));
  if (licenses.length) {
    const license = licenses[0];
    const all = licenses.length > 1 ? { licenses } : {};
    await ctx.journal.append({
      runId,
      kind: 'group.licenseAssigned',
      actorId,
      detail: { phase: 'before', groupId: run.groupId, license, ...all },
    });
    await ctx.graph.assignGroupLicense(run.groupId, licenses, []);
    // Undo of a group license is removing it from the group: recorded for the admin, never done automatically.
    await ctx.journal.append({
      runId,
      kind: 'group.licenseAssigned',
      actorId,
      detail: { phase: 'after', groupId: run.groupId, license, ...all },
    });
  }
  const prepared = await ctx.runs.update(runId, (r) => {
    assertStatus(r, ['created', 'prepared'], 'prepare');
    r.status = 'prepared';
  });
  await ctx.journal.append({ runId, kind: 'run.status', actorId, detail: { status: 'prepared' } });
  return prepared;
}

async function createGroup(ctx: EngineContext, run: Run): Promise<Run> {
  // A crash between creating the group and saving its id must not create a second group.
  const earlier = (await ctx.journal.read(run.id)).find((e) => e.kind === 'group.created' && e.detail?.phase === 'after');
  let groupId = typeof earlier?.detail?.groupId === 'string' ? earlier.detail.groupId : '';
  if (!groupId) {
    await ctx.journal.append({
      runId: run.id,
      kind: 'group.created',
      actorId: run.requestedBy,
      detail: { phase: 'before', displayName: run.groupDisplayName },
    });
    const group = await ctx.graph.createSecurityGroup(
      run.groupDisplayName,
      `Group-based licensing for ${run.skuPartNumber} (license migration run ${run.id})`,
    );
    groupId = group.id;
    await ctx.journal.append({
      runId: run.id,
      kind: 'group.created',
      actorId: run.requestedBy,
      detail: { phase: 'after', groupId, displayName: group.displayName },
    });
  }
  return ctx.runs.update(run.id, (r) => {
    r.groupId = groupId;
    r.createdGroup = true;
  });
}
