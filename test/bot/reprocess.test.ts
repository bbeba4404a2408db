import {
  ALICE,
  BOB,
  E3,
  MALLORY,
  actionsOf,
  cardOf,
  cardText,
  lastCardWith,
  preparedRun,
  startBotHarness,
  transcript,
  withNoSeatUsers,
  type BotHarness,
} from '../support/botHarness';
import type { Run } from '../../src/migration/types';

const NO_SEAT = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

describe('reprocess from the error card', () => {
  let h: BotHarness;
  let run: Run;
  beforeEach(async () => {
    // Six direct holders and two members without a license; six units: the two wait in CountViolation.
    h = await startBotHarness({ users: 6, patchFixture: withNoSeatUsers });
    run = await preparedRun(h, ALICE);
  });
  afterEach(async () => h.close());

  const control = async (path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${h.sim.url}/_sim${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  };
  const reprocessCalls = async () => (await control('/stats')).requests['POST /users/{id}/reprocessLicenseAssignment'] ?? 0;
  const errorCardMessage = () => lastCardWith(h.adapter, 'errors.reprocess');
  const reprocessButton = () => actionsOf(cardOf(errorCardMessage())).find((a) => a.verb === 'errors.reprocess')!;
  const journal = async () => h.journal.read(run.id);
  const groupState = async (userId: string) => (await h.graph.getUser(userId))!.licenseAssignmentStates.find((s) => s.assignedByGroup);

  it('should show the CountViolation group with the units missing and offer to reprocess the users in error', async () => {
    const text = cardText(cardOf(errorCardMessage()));
    expect(text).toContain('Not enough units of Office 365 E3');
    expect(text).toContain('2 users wait for a unit (CountViolation); 0 units are free: 2 units missing.');
    expect(text).toContain('Migrating users frees no unit: each keeps one through the group');
    expect(reprocessButton()).toMatchObject({ title: 'Reprocess these 2 users', data: { runId: run.id, page: 0, userIds: NO_SEAT } });
  });

  it('should reprocess after units were freed: users now fine drop out, the rest keep their error, all journaled', async () => {
    const card = errorCardMessage()!;
    // One more unit: enough for one of the two.
    await control(`/skus/${E3}/mutate`, 'POST', { prepaidUnits: { enabled: 7 } });
    const answer = await h.click(BOB, 'errors.reprocess', reprocessButton().data, { replyToId: card.id });
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.body.value)).toMatch(/Bob Approver asked Entra to process 2 users again.*nothing is assigned or removed/);
    await h.idle();

    expect(await reprocessCalls()).toBe(2);
    const states = await Promise.all(NO_SEAT.map(groupState));
    expect(states.map((s) => s?.state).sort()).toEqual(['Active', 'Error']);
    const fixed = NO_SEAT[states.findIndex((s) => s?.state === 'Active')];
    const waiting = NO_SEAT[states.findIndex((s) => s?.state === 'Error')];

    // The clicked card was edited in place: the fixed user is gone, the other keeps CountViolation.
    const edited = transcript(h.adapter).find((a) => a.id === card.id)!;
    const text = cardText(cardOf(edited));
    expect(text).toContain('Reprocessing done: 1 user no longer in error; 1 user still in error (CountViolation).');
    const upn = (id: string) => `no.seat${id.endsWith('1') ? 1 : 2}@contoso.onmicrosoft.com`;
    expect(text).not.toContain(upn(fixed));
    expect(text).toContain(upn(waiting));
    expect(text).toContain('1 user waits for a unit (CountViolation); 0 units are free: 1 unit missing.');
    expect(actionsOf(cardOf(edited)).find((a) => a.verb === 'errors.reprocess')!.data.userIds).toEqual([waiting]);
    expect(h.adapter.sent.some((a) => /Bob Approver reprocessed users of run .*1 user no longer in error/.test(a.text ?? ''))).toBe(true);
    // The errors command and paging agree with the card.
    const paged = await h.click(BOB, 'errors.page', { runId: run.id, page: 0 });
    expect(cardText(paged.body.value)).not.toContain(upn(fixed));

    const entries = (await journal()).filter((e) => e.kind.startsWith('license.reprocess'));
    expect(entries.map((e) => [e.kind, e.userId, e.actorId])).toEqual([
      ['license.reprocessing', NO_SEAT[0], BOB.aadObjectId],
      ['license.reprocessing', NO_SEAT[1], BOB.aadObjectId],
      ['license.reprocessed', NO_SEAT[0], BOB.aadObjectId],
      ['license.reprocessed', NO_SEAT[1], BOB.aadObjectId],
    ]);
    expect(entries.find((e) => e.kind === 'license.reprocessed' && e.userId === fixed)!.detail).toMatchObject({
      ok: true,
      outcome: 'resolved',
    });
    expect(entries.find((e) => e.kind === 'license.reprocessed' && e.userId === waiting)!.detail).toMatchObject({
      outcome: 'stillInError',
      error: 'CountViolation',
    });
    // Reprocessing never takes anything away: no direct assignment was touched, no service lost.
    expect((await control('/removals')).applied).toBe(0);
    expect((await control('/invariants')).violations).toEqual([]);
  });

  it('should refuse a non-approver, journal the refusal and change nothing', async () => {
    await control(`/skus/${E3}/mutate`, 'POST', { prepaidUnits: { enabled: 8 } });
    const answer = await h.click(MALLORY, 'errors.reprocess', reprocessButton().data);
    expect(answer.body.value).toMatch(/Mallory Member is not an approver.*Nothing was changed/);
    await h.idle();
    expect(await reprocessCalls()).toBe(0);
    const refusals = (await journal()).filter((e) => e.kind === 'action.refused');
    expect(refusals.at(-1)).toMatchObject({
      actorId: MALLORY.aadObjectId,
      detail: expect.objectContaining({ action: 'errors.reprocess', code: 'notApprover' }),
    });
    expect((await journal()).some((e) => e.kind.startsWith('license.reprocess'))).toBe(false);
    expect((await groupState(NO_SEAT[0]))?.error).toBe('CountViolation');
  });

  it('should refuse unknown users, another run and forged fields with a specific message, and send nothing', async () => {
    const data = reprocessButton().data;
    const stranger = await h.click(BOB, 'errors.reprocess', { ...data, userIds: [NO_SEAT[0], 'aaaaaaaa-0000-4000-8000-000000000000'] });
    expect(stranger.body.value).toMatch(/1 user on that card is not among the users in error of run .*aaaaaaaa-0000.*Nothing was changed/);
    const otherRun = await h.click(BOB, 'errors.reprocess', { ...data, runId: 'run-of-someone-else' });
    expect(otherRun.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(JSON.stringify(otherRun.body.value)).toMatch(/no migration run run-of-someone-else/);
    const forged = await h.click(BOB, 'errors.reprocess', { ...data, skuId: E3 });
    expect(JSON.stringify(forged.body.value)).toMatch(/unexpected field\(s\) 'skuId'/);
    const notGuid = await h.click(BOB, 'errors.reprocess', { ...data, userIds: ['no.seat1@contoso.onmicrosoft.com'] });
    expect(JSON.stringify(notGuid.body.value)).toMatch(/a user id is not a valid GUID/);
    await h.idle();
    expect(await reprocessCalls()).toBe(0);
    expect((await journal()).some((e) => e.kind.startsWith('license.reprocess'))).toBe(false);
  });
});
