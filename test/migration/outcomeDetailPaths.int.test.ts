import { prepareUserMutation } from '../../src/sim/hooks';
import { outcomeCause } from '../../src/cards/outcomeText';
import { pauseReasonText } from '../../src/cards/pauseText';
import { localizer } from '../../src/i18n';
import type { Run, UserOutcome } from '../../src/migration/types';
import { APPROVER, approveAndRunAll, contoso, preparedAndVerified, startHarness, type Harness } from '../support/engineHarness';
import { CONTOSO_ALL_USERS as ALL_USERS } from '../support/constants';
import { outcomesOf, usersOf } from '../support/runState';

/**
 * The paths of a failed user that end in a restore, against the simulator: a restore that fails right after the
 * removal, the settle check finding users without a service (one of whom cannot be given the license back), and a
 * rollback that cannot give it back. Each records what happened as data, and the Dutch card says it (the user's
 * reason, and why the run paused) without the engine's English. Graph's own message stays as Graph writes it.
 */

const nl = localizer('nl');
const en = localizer('en');

/** Words of the engine's English reasons and pause sentences that must not reach a Dutch card. */
const ENGINE_ENGLISH =
  /\b(after removal|settle check|direct assignment|re-added|could NOT|left the group|lost services|no longer held|restore failed|not attempted|stopped before|run paused|unexpected result|once group processing)\b/i;

/** A user without a usage location cannot be given a license directly: Graph refuses the restore. */
const NO_USAGE_LOCATION = { usageLocation: null };

async function plannedCanary(h: Harness, size: number): Promise<{ run: Run; users: string[] }> {
  const prepared = await preparedAndVerified(h, { id: ALL_USERS });
  const run = await h.engine.planBatches(prepared.id, { canarySize: size });
  return { run, users: await usersOf(h.engine, run, run.batches[0]) };
}

describe('structured details of restores, against the simulator', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('a restore that fails right after the removal: the user, the run paused for them, and those not attempted', async () => {
    h = await startHarness(contoso(30), { engine: { chunkSize: 5 } });
    const { run, users } = await plannedCanary(h, 10);
    const victim = users[0];
    // Right after the removal the user leaves the group and loses their usage location: the removal is judged a
    // risk, and the direct assignment cannot be given back.
    await h.control('/triggers', 'POST', {
      method: 'POST',
      path: `/users/${victim}/assignLicense`,
      after: [{ user: victim, removeFromGroup: ALL_USERS, ...NO_USAGE_LOCATION }],
    });
    const done = await approveAndRunAll(h, run.id);
    expect(done.status).toBe('paused');
    const outcomes = await outcomesOf(h.engine, done.id);

    const failed = outcomes.find((o) => o.userId === victim)!;
    expect(failed.outcome).toBe('failed');
    expect(['leftGroup', 'servicesLost']).toContain(failed.code);
    expect(failed.reason).toContain('could NOT be re-added');
    expect(failed.detail).toMatchObject({
      kind: 'restore',
      when: 'removal',
      reAdded: false,
      restoreFailure: { kind: 'graph', failure: 'usageLocationMissing' },
    });

    // The run's pause cause names the user with their code and detail; English keeps the engine's sentence.
    const upn = failed.userPrincipalName!;
    expect(done.pauseCause).toEqual({
      kind: 'batchProblem',
      batchId: done.batches[0].id,
      detail: `${upn}: ${failed.reason}`,
      about: { kind: 'user', user: upn, outcome: 'failed', code: failed.code, detail: failed.detail },
    });
    expect(pauseReasonText(done, en)).toBe(`the canary batch met an unexpected result: ${upn}: ${failed.reason}`);
    const paused = pauseReasonText(done, nl)!;
    expect(paused.startsWith(`de canary-batch gaf een onverwacht resultaat: ${upn}: `)).toBe(true);
    expect(paused).toContain('directe toewijzing kon NIET worden teruggezet (Graph antwoordde usageLocationMissing: ');
    expect(paused).not.toMatch(ENGINE_ENGLISH);

    // The rest of the canary was not attempted: a code and why, said in Dutch.
    const notAttempted = outcomes.filter((o) => o.code === 'notAttempted');
    expect(notAttempted.length).toBeGreaterThan(0);
    for (const o of notAttempted) {
      expect(o).toMatchObject({ outcome: 'skipped', detail: { kind: 'notAttempted', stop: 'unexpected' } });
      expect(o.reason).toBe('not attempted: run paused after an unexpected result');
      expect(outcomeCause(o, en)).toBe(o.reason);
      const said = outcomeCause(o, nl);
      expect(said).toBe(
        'niet geprobeerd: de batch stopte voordat ze aan de beurt waren; directe toewijzing behouden (details: de run pauzeerde na een onverwacht resultaat)',
      );
    }
    expectDutchWithoutEngine(failed);
  }, 60_000);

  it('the settle check: users without a service once processing settled, one of them not given the license back', async () => {
    h = await startHarness(contoso(30), { engine: { chunkSize: 5 } });
    const { run, users } = await plannedCanary(h, 10);
    const [lost, stranded] = [users[3], users[7]];
    const sim = h.sim.simulator.state.tenant;
    await h.engine.decideBatch(run.id, run.batches[0].id, APPROVER);
    let struck = false;
    // Once every removal is confirmed and before the settle check, two removed users leave the group (Entra takes
    // its license away when it processes the group); one of them has no usage location any more.
    const result = await h.engine.executeBatch(run.id, run.batches[0].id, (e) => {
      if (e.type !== 'batchProgress' || e.done < e.total || struck) return;
      struck = true;
      prepareUserMutation(sim, lost, { removeFromGroup: ALL_USERS })();
      prepareUserMutation(sim, stranded, { removeFromGroup: ALL_USERS, ...NO_USAGE_LOCATION })();
    });
    expect(struck).toBe(true);
    expect(result.settle).toMatchObject({ complete: true, restored: [{ ok: true }, { ok: false }] });
    const done = (await h.engine.getRun(run.id))!;
    expect(done.status).toBe('paused');
    const outcomes = await outcomesOf(h.engine, done.id);

    const [back, notBack] = [lost, stranded].map((id) => outcomes.find((o) => o.userId === id && o.outcome === 'failed')!);
    for (const o of [back, notBack]) {
      expect(o.code).toBe('servicesLostAfterSettle');
      expect(o.detail).toMatchObject({ kind: 'restore', when: 'settle', risk: { kind: 'notHeld', skus: ['ENTERPRISEPACK'] } });
    }
    expect(back.detail).toMatchObject({ reAdded: true });
    expect(back.detail).not.toHaveProperty('restoreFailure');
    expect(notBack.detail).toMatchObject({ reAdded: false, restoreFailure: { kind: 'graph', failure: 'usageLocationMissing' } });
    for (const o of [back, notBack]) expectDutchWithoutEngine(o);
    expect(outcomeCause(back, nl)).toContain(
      'nadat de groepsverwerking klaar was: ze hadden Office 365 E3 niet meer; directe toewijzing teruggezet',
    );

    const names = [back, notBack].map((o) => o.userPrincipalName!);
    expect(done.pauseCause).toMatchObject({
      kind: 'batchProblem',
      about: { kind: 'settleRestored', count: 2, users: names, reAdded: false },
    });
    expect(pauseReasonText(done, en)).toContain('settle check: 2 user(s) lost services once group processing settled');
    const paused = pauseReasonText(done, nl)!;
    expect(paused).toBe(
      `de canary-batch gaf een onverwacht resultaat: de nacontrole vond 2 gebruikers zonder een service nadat de groepsverwerking klaar was (${names.join(', ')}); de directe toewijzing kon voor sommigen NIET worden teruggezet`,
    );
    expect(paused).not.toMatch(ENGINE_ENGLISH);
  }, 60_000);

  it('a rollback that cannot give the direct assignment back', async () => {
    h = await startHarness(contoso(12));
    const { run, users } = await plannedCanary(h, 4);
    const done = await approveAndRunAll(h, run.id);
    expect(done.status).toBe('completed');
    const victim = users[1];
    await h.control(`/users/${victim}/mutate`, 'POST', NO_USAGE_LOCATION);

    const rolledBack = await h.engine.rollback(run.id, 'admin-1');
    const failed = rolledBack.find((o) => o.userId === victim)!;
    expect(failed).toMatchObject({
      outcome: 'failed',
      code: 'restoreFailed',
      detail: { kind: 'rollback', failure: { kind: 'graph', failure: 'usageLocationMissing' } },
    });
    expect(failed.reason).toMatch(/^restore failed: usageLocationMissing: /);
    // What the journal keeps says the same.
    const kept = (await outcomesOf(h.engine, run.id)).filter((o) => o.userId === victim && o.code === 'restoreFailed');
    expect(kept).toHaveLength(1);
    expect(kept[0].detail).toEqual(failed.detail);
    expectDutchWithoutEngine(kept[0]);
    expect(outcomeCause(kept[0], nl)).toMatch(
      /^rollback kon de directe toewijzing NIET terugzetten \(details: Graph antwoordde usageLocationMissing: .+\)$/,
    );
  }, 60_000);
});

/** The Dutch reason comes from the outcome's detail: nothing of the engine's English reason, Graph's words aside. */
function expectDutchWithoutEngine(o: UserOutcome): void {
  const said = outcomeCause(o, nl);
  expect(said).not.toBe(o.reason);
  expect(said).toContain('(details: ');
  expect(said).not.toMatch(ENGINE_ENGLISH);
  expect(outcomeCause(o, en)).toBe(o.reason);
}
