import {
  BOT_COMMANDS,
  MAX_ERROR_PAGE_SIZE,
  buildBatchApprovalCard,
  buildCohortCard,
  buildErrorUsersCard,
  buildMessageCard,
  buildPreflightCard,
  buildRollbackConfirmCard,
  buildRunStatusCard,
  buildSkuChoiceCard,
  buildSpotCheckCard,
  buildVerificationCard,
  buildWelcomeCard,
} from '../../src/cards';
import type { Run } from '../../src/migration/types';
import type { AdaptiveCard } from '../../src/cards/types';
import { actionsOf, textOf } from './cardWalk';
import * as fx from './fixtures';

const FOUR_EYES_OFF = /four-eyes rule is off/i;

describe('batch approval card', () => {
  const run = fx.run(10_000, { doneBatches: 3 });
  const batch = run.batches[3];
  const sampleUsers = fx.usersOf(batch).map((_, i) => fx.upn(i));

  it('should offer Approve and Reject that carry only runId, batchId and cardVersion', () => {
    const card = buildBatchApprovalCard({ run, batch, sampleUsers, quorum: 2, cardVersion: 5 });
    const actions = actionsOf(card);
    expect(actions.map((a) => a.verb)).toEqual(['batch.approve', 'batch.reject']);
    for (const a of actions) expect(a.data).toEqual({ runId: run.id, batchId: batch.id, cardVersion: 5 });
  });

  it('should show the batch size, at most 10 sample users and approvals so far of the quorum', () => {
    const withOne = {
      ...batch,
      approvals: [{ approverId: fx.guid(9), approverName: 'Adele Vance', at: '2026-11-25T10:00:00Z', decision: 'approve' as const }],
    };
    const text = textOf(buildBatchApprovalCard({ run, batch: withOne, sampleUsers, quorum: 2, cardVersion: 5 }));
    expect(text).toContain(String(fx.usersOf(batch).length));
    expect(text).toContain('1 of 2');
    expect(text).toContain('Adele Vance');
    expect(text).toContain(fx.upn(9));
    expect(text).not.toContain(fx.upn(10));
  });

  it('should show who decided and have no buttons once decided', () => {
    const card = buildBatchApprovalCard({
      run,
      batch,
      sampleUsers,
      quorum: 2,
      cardVersion: 6,
      decided: { outcome: 'rejected', by: ['Alex Wilber'], at: '2026-11-25T11:00:00Z', reason: 'Wait for the helpdesk' },
    });
    expect(actionsOf(card)).toEqual([]);
    expect(textOf(card)).toMatch(/Rejected by Alex Wilber/);
    expect(textOf(card)).not.toMatch(/Approve batch|Awaiting approval/);
    expect(textOf(card)).toContain('Wait for the helpdesk');
  });

  it('should have no buttons for a batch that is already running or done', () => {
    const card = buildBatchApprovalCard({ run, batch: run.batches[0], sampleUsers, quorum: 2, cardVersion: 6 });
    expect(actionsOf(card)).toEqual([]);
  });
});

describe('run status card', () => {
  const base = fx.run(1_000, { doneBatches: 2 });
  const withStatus = (status: Run['status']): Run => ({ ...base, status });

  it('should show a visible line when the four-eyes rule is off, and none when on', () => {
    expect(textOf(buildRunStatusCard({ run: base, fourEyes: false }))).toMatch(FOUR_EYES_OFF);
    expect(textOf(buildRunStatusCard({ run: base, fourEyes: true }))).not.toMatch(FOUR_EYES_OFF);
  });

  it('should offer Pause and Cancel while removing, Resume and Cancel when paused, nothing when finished', () => {
    const verbs = (status: Run['status']) =>
      actionsOf(buildRunStatusCard({ run: withStatus(status), fourEyes: true, cardVersion: 4 })).map((a) => a.verb);
    expect(verbs('removing')).toEqual(['run.pause', 'run.cancel']);
    expect(verbs('paused')).toEqual(['run.resume', 'run.cancel']);
    expect(verbs('completed')).toEqual([]);
    expect(verbs('cancelled')).toEqual([]);
    for (const a of actionsOf(buildRunStatusCard({ run: withStatus('paused'), fourEyes: true, cardVersion: 4 }))) {
      expect(a.data).toEqual({ runId: base.id, cardVersion: 4 });
    }
  });

  it('should report progress from the given counts and the pause reason', () => {
    const text = textOf(
      buildRunStatusCard({
        run: { ...withStatus('paused'), pausedReason: 'Batch b3 was rejected' },
        fourEyes: true,
        progress: { done: 250, total: 1_000 },
      }),
    );
    expect(text).toContain('250 of 1,000 users in batches handled (removed, skipped or failed) (25%)');
    expect(text).toContain('Batch b3 was rejected');
  });
});

describe('welcome card', () => {
  it('should list every command and flag the simulated tenant and a relaxed four-eyes rule', () => {
    const text = textOf(buildWelcomeCard({ commands: [...BOT_COMMANDS], fourEyes: false, simulated: true }));
    for (const c of BOT_COMMANDS) expect(text).toContain(c.usage ?? c.name);
    expect(text).toMatch(FOUR_EYES_OFF);
    expect(text).toMatch(/simulated tenant/);
    const strict = textOf(buildWelcomeCard({ commands: [...BOT_COMMANDS], fourEyes: true, simulated: false }));
    expect(strict).not.toMatch(FOUR_EYES_OFF);
    expect(strict).not.toMatch(/simulated tenant/);
  });
});

describe('pre-flight card', () => {
  const blocker = { code: 'insufficientUnits' as const, severity: 'blocker' as const, message: 'Not enough units.', fix: 'Buy more.' };
  const warning = {
    code: 'usageLocationMissing' as const,
    severity: 'warning' as const,
    message: 'No usage location.',
    fix: 'Set it.',
    count: 3,
  };

  it('should not offer Confirm while a blocker exists, but still offer Cancel', () => {
    const card = buildPreflightCard({ runId: 'r1', findings: [warning, blocker], cardVersion: 1 });
    expect(actionsOf(card).map((a) => a.verb)).toEqual(['run.cancel']);
    expect(textOf(card)).toContain('Fix: Buy more.');
  });

  it('should offer Confirm and Cancel with only ids when nothing blocks', () => {
    const card = buildPreflightCard({ runId: 'r1', findings: [warning], cardVersion: 2 });
    const actions = actionsOf(card);
    expect(actions.map((a) => a.verb)).toEqual(['migrate.confirm', 'run.cancel']);
    expect(actions[0].data).toEqual({ runId: 'r1', cardVersion: 2 });
    expect(textOf(card)).toContain('Warning · 3 users');
  });
});

describe('error users card', () => {
  const users = fx.classifications(10_000).filter((u) => u.class === 'error');
  const paging = (card: AdaptiveCard) => actionsOf(card).filter((a) => a.verb === 'errors.page');

  it('should page with errors.page, each user with a cause and a fix', () => {
    const first = buildErrorUsersCard({ runId: 'r1', users, page: 0, pageSize: 10 });
    expect(paging(first).map((a) => [a.verb, a.data])).toEqual([['errors.page', { runId: 'r1', page: 1 }]]);
    const text = textOf(first);
    expect(text).toContain(users[0].userPrincipalName);
    expect(text).toContain('CountViolation: Not enough licenses available');
    expect(text).toContain(`Fix: ${users[0].fix}`);
    expect(text).not.toContain(users[10].userPrincipalName);

    const middle = buildErrorUsersCard({ runId: 'r1', users, page: 5, pageSize: 10 });
    expect(paging(middle).map((a) => a.data)).toEqual([
      { runId: 'r1', page: 4 },
      { runId: 'r1', page: 6 },
    ]);
    expect(textOf(middle)).toContain(users[50].userPrincipalName);
  });

  it('should clamp the page size and a page past the end', () => {
    const last = buildErrorUsersCard({ runId: 'r1', users, page: 99_999, pageSize: 5_000 });
    const lastPage = Math.ceil(users.length / MAX_ERROR_PAGE_SIZE) - 1;
    expect(paging(last).map((a) => a.data)).toEqual([{ runId: 'r1', page: lastPage - 1 }]);
    expect(textOf(last)).toContain(`page ${lastPage + 1} of ${lastPage + 1}`);
    expect(textOf(last)).toContain(users[users.length - 1].userPrincipalName);
  });

  it('should page through the first users a verification kept, count them all, and say where the rest are listed', () => {
    const kept = users.slice(0, 1000);
    const first = buildErrorUsersCard({ runId: 'r1', users: kept, total: 250_000, page: 0, pageSize: 10 });
    expect(textOf(first)).toContain('250,000 users with a group license error or a service the group does not enable · page 1 of 100');
    expect(textOf(first)).toContain('the first 1,000 by name; the verify command (npm run verify -- --format csv) lists them all');
    const last = buildErrorUsersCard({ runId: 'r1', users: kept, total: 250_000, page: 400, pageSize: 10 });
    expect(paging(last).map((a) => a.data)).toEqual([{ runId: 'r1', page: 98 }]);
    expect(textOf(last)).toContain(kept[999].userPrincipalName);
    // All of them kept: no word about the rest.
    expect(textOf(buildErrorUsersCard({ runId: 'r1', users: kept, total: kept.length, page: 0, pageSize: 10 }))).not.toContain(
      'verify command',
    );
  });

  it('should offer to reprocess the users in error on the page, and only them', () => {
    const mixed = fx.classifications(200).filter((u) => u.class === 'error' || u.class === 'planMismatch');
    const card = buildErrorUsersCard({ runId: 'r1', users: mixed, page: 0, pageSize: 10 });
    const reprocess = actionsOf(card).filter((a) => a.verb === 'errors.reprocess');
    const inError = mixed.slice(0, 10).filter((u) => u.class === 'error');
    expect(inError.length).toBeGreaterThan(0);
    expect(inError.length).toBeLessThan(10);
    expect(reprocess).toEqual([
      expect.objectContaining({
        title: `Reprocess these ${inError.length} users`,
        data: { runId: 'r1', page: 0, userIds: inError.map((u) => u.userId) },
      }),
    ]);
    const mismatchOnly = mixed.filter((u) => u.class === 'planMismatch');
    expect(
      actionsOf(buildErrorUsersCard({ runId: 'r1', users: mismatchOnly, page: 0, pageSize: 10 })).some(
        (a) => a.verb === 'errors.reprocess',
      ),
    ).toBe(false);
    expect(actionsOf(buildErrorUsersCard({ runId: 'r1', users: [], page: 0, pageSize: 10 }))).toEqual([]);
  });

  it('should show the CountViolation group: units missing, why migrating frees none, the direct-only holders by name', () => {
    const shortage = {
      skuPartNumber: 'ENTERPRISEPACK',
      waiting: 12,
      atLeast: false,
      freeUnits: 2,
      missing: 10,
      directOnly: { count: 7, first: ['a@x.test', 'b_c@x.test', 'c@x.test', 'd@x.test', 'e@x.test'] },
    };
    const text = textOf(buildErrorUsersCard({ runId: 'r1', users, page: 0, pageSize: 10, shortages: [shortage] }));
    expect(text).toContain('Not enough units of Office 365 E3');
    expect(text).toContain('12 users wait for a unit (CountViolation); 2 units are free: 10 units missing.');
    expect(text).toContain('Migrating users frees no unit: each keeps one through the group.');
    expect(text).toContain(
      '7 direct holders of this run hold the license through no active group path (a@x.test, b\\_c@x.test, c@x.test, d@x.test, e@x.test and 2 more)',
    );
    const enough = { ...shortage, freeUnits: 20, missing: 0, directOnly: { count: 0, first: [] } };
    const enoughText = textOf(buildErrorUsersCard({ runId: 'r1', users, page: 0, pageSize: 10, shortages: [enough] }));
    expect(enoughText).toContain('12 users wait for a unit (CountViolation) and 20 units are free now: reprocess them.');
    expect(enoughText).toContain('no user of this run holds the license through a direct path alone');
    expect(textOf(buildErrorUsersCard({ runId: 'r1', users, page: 0, pageSize: 10 }))).not.toContain('Not enough units');
  });
});

describe('verification card', () => {
  it('should show counts per class with a semantic-colored bar each and at most 10 sample users of every class, problems first', () => {
    const card = buildVerificationCard({ report: fx.verificationReport(10_000), sampleSize: 50 });
    const json = JSON.stringify(card);
    const styles = [...json.matchAll(/"style":"(\w+)"/g)].map((m) => m[1]);
    expect(new Set(styles)).toEqual(new Set(['good', 'attention', 'warning', 'accent', 'emphasis']));
    const text = textOf(card);
    expect(text).toContain('6,000');
    expect(text).toContain('Sample (10 of 10,000)');
    const sampleUpns = text.match(/user\d{5}\.with/g) ?? [];
    expect(sampleUpns).toHaveLength(10);
    // Round-robin over classes, problems first: error, planMismatch, notMember, pending, ready, then again.
    expect(sampleUpns.map((u) => Number(u.slice(4, 9)))).toEqual([6, 7, 9, 8, 0, 16, 17, 19, 18, 1]);
    expect(actionsOf(card)).toEqual([expect.objectContaining({ verb: 'errors.page', data: { runId: 'run-10k', page: 0 } })]);
  });
});

describe('spot check card', () => {
  it('should put plans side by side and name those a removal would turn off', () => {
    const card = buildSpotCheckCard({ spot: fx.spotCheck(20, 7) });
    const text = textOf(card);
    expect(text).toMatch(/Direct[\s\S]*Inherited[\s\S]*Effective/);
    expect(text).toContain('would turn off: SERVICE_PLAN_WITH_LONG_NAME_0, SERVICE_PLAN_WITH_LONG_NAME_7, SERVICE_PLAN_WITH_LONG_NAME_14');
    expect(text).toMatch(/\d+ plans\n/);
  });
});

describe('choice cards', () => {
  it('should offer the whole tenant first, then units used and free per SKU, chosen with migrate.sku { skuId }', () => {
    const card = buildSkuChoiceCard({ skus: [fx.sku()] });
    expect(textOf(card)).toContain('9,990 used · 10 free · 10,000 enabled');
    expect(textOf(card)).toContain('The whole tenant: every product users hold directly');
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({ verb: 'plan.show', data: {} }),
      expect.objectContaining({ verb: 'migrate.sku', data: { skuId: fx.SKU_ID } }),
    ]);
  });

  it('should show cohorts with size and disabled plan names and ask for a group', () => {
    const card = buildCohortCard({ discovery: fx.discovery(100, 3), groups: [{ id: fx.GROUP_ID, displayName: 'E5 users' }] });
    const json = JSON.stringify(card);
    expect(json).toContain('"id":"groupId"');
    expect(json).toContain('"id":"newGroupName"');
    expect(json).toContain('"id":"cohortKey"');
    const text = textOf(card);
    expect(text).toContain('34 users');
    expect(text).toContain('Disabled: SERVICE_PLAN_WITH_LONG_NAME_0');
    expect(text).toContain('E5 users');
    expect(actionsOf(card)).toEqual([expect.objectContaining({ verb: 'migrate.group', data: { skuId: fx.SKU_ID } })]);
  });
});

describe('rollback and message cards', () => {
  it('should confirm a batch rollback with run.rollback { runId, batchId, cardVersion }', () => {
    const card = buildRollbackConfirmCard({ runId: 'r1', batchId: 'b2', users: 40, cardVersion: 3 });
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({ verb: 'run.rollback', data: { runId: 'r1', batchId: 'b2', cardVersion: 3 } }),
    ]);
    expect(textOf(card)).toContain('40 users');
  });

  it('should not offer a rollback when nothing can be restored', () => {
    expect(actionsOf(buildRollbackConfirmCard({ runId: 'r1', users: 0, cardVersion: 3 }))).toEqual([]);
  });

  it('should show user text as data, never as template expressions', () => {
    const card = buildMessageCard({ title: '${title}', text: 'Group ${groupDisplayName} {{x}}' });
    expect(textOf(card)).toContain('${title}');
    expect(textOf(card)).toContain('Group ${groupDisplayName} {{x}}');
  });
});
