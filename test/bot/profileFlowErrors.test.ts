import {
  ALICE,
  BOB,
  actionsOf,
  cardOf,
  cardText,
  lastCardWith,
  shippedFixture,
  startBotHarness,
  transcript,
  type BotHarness,
} from '../support/botHarness';
import type { Run } from '../../src/migration/types';

/** Fabrikam (fixtures/license-profiles.json): its largest profile is Office 365 E3 + EMS, 20 users. */
const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
const SWAY = 'a23b959c-7ce8-4e57-9140-b90eb88a9e97';
const E3_NAME = 'Office 365 E3';
const EMS_NAME = 'Enterprise Mobility + Security E3';

/** Two members without any license, who get both products from the group once added to it. */
const NO_SEAT = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
const noSeatUpn = (i: number) => `no.seat${i + 1}@fabrikam.onmicrosoft.com`;

function withNoSeatUsers(f: Parameters<ReturnType<typeof shippedFixture>>[0]): void {
  shippedFixture('license-profiles.json', { groupProcessingDelayMs: 50 })(f);
  (f.users as unknown[]).push(
    ...NO_SEAT.map((id, i) => ({
      id,
      userPrincipalName: noSeatUpn(i),
      displayName: `No seat ${i + 1}`,
      usageLocation: 'US',
      assignedLicenses: [],
    })),
  );
}

/** The E3 + EMS profile's run, started from the license plan card and confirmed (prepared and verified). */
async function profileOneRun(h: BotHarness): Promise<Run> {
  await h.say(ALICE, 'plan');
  const migrate = actionsOf(cardOf(lastCardWith(h.adapter, 'plan.migrate'))).find((a) => a.title === 'Migrate profile 1')!;
  await h.click(ALICE, 'plan.migrate', migrate.data);
  await h.idle();
  const confirm = actionsOf(cardOf(lastCardWith(h.adapter, 'migrate.confirm'))).find((a) => a.verb === 'migrate.confirm')!;
  await h.click(ALICE, 'migrate.confirm', confirm.data);
  await h.idle();
  return (await h.engine.getRun((confirm.data as { runId: string }).runId))!;
}

describe('the error card of a run of several products, through the bot', () => {
  let h: BotHarness;
  let run: Run;
  const control = async (path: string, body: unknown) => {
    const res = await fetch(`${h.sim.url}/_sim${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return res.json();
  };
  const errorCards = () => transcript(h.adapter).filter((a) => /Users who need attention/.test(cardText(cardOf(a))));

  beforeAll(async () => {
    h = await startBotHarness({ canary: 4, patchFixture: withNoSeatUsers });
    // The E3 + EMS profile's run from the license plan card, prepared and verified: nobody has a problem yet.
    run = await profileOneRun(h);
    expect(run.licenses!.map((l) => l.skuId)).toEqual([E3, EMS]);
    expect(run.status).toBe('verified');
    expect(errorCards()).toEqual([]);

    // Then problems on both products: another admin turns SWAY off on the group's E3 (its 20 users would lose it), and
    // two members without a license join the group while EMS has no free unit (CountViolation on EMS alone).
    await control(`/groups/${run.groupId}/mutate`, {
      assignLicense: { addLicenses: [{ skuId: E3, disabledPlans: [SWAY] }], removeLicenses: [] },
    });
    const { consumedUnits } = await control(`/skus/${EMS}/mutate`, { prepaidUnits: {} });
    await control(`/skus/${EMS}/mutate`, { prepaidUnits: { enabled: consumedUnits } });
    for (const id of NO_SEAT) await control(`/users/${id}/mutate`, { addToGroup: run.groupId });
    await h.say(ALICE, 'verify');
    await h.idle();
  }, 60_000);
  afterAll(async () => h.close());

  it('lists both products’ users on one paged card, each row naming its product, with a CountViolation group per product', async () => {
    const [card] = errorCards();
    expect(card).toBeDefined();
    const first = cardText(cardOf(card));
    // E3: 20 users would lose SWAY, and the two new members are in error (the simulator, like Entra, fails all of a
    // group's products together when one has no unit); EMS: the two new members.
    expect(first).toContain('24 users with a group license error or a service the group does not enable · page 1 of 3');
    expect(first).toContain(`Not enough units of ${EMS_NAME}`);
    expect(first).toContain('2 users wait for a unit (CountViolation); 0 units are free: 2 units missing.');
    expect(first).toContain(`Not enough units of ${E3_NAME}`);
    expect(first).toMatch(/2 users wait for a unit \(CountViolation\) and \d+ units are free now: reprocess them\./);
    expect(first).toContain(`${noSeatUpn(0)}\nProduct: ${E3_NAME}\nCountViolation`);
    expect(first).toContain(`office.ems1@fabrikam.onmicrosoft.com\nProduct: ${E3_NAME}\nThe group does not enable: SWAY.`);
    expect(first).not.toContain(`Product: ${EMS_NAME}`);

    // The last page runs on from E3 into EMS.
    const last = await h.click(BOB, 'errors.page', { runId: run.id, page: 2 });
    const text = cardText(last.body.value);
    expect(text).toContain('page 3 of 3');
    expect(text.match(new RegExp(`Product: ${E3_NAME.replace(/[()]/g, '\\$&')}\nThe group does not enable: SWAY`, 'g'))).toHaveLength(2);
    for (const i of [0, 1]) expect(text).toContain(`${noSeatUpn(i)}\nProduct: ${EMS_NAME}\nCountViolation`);
    const reprocess = actionsOf(last.body.value).find((a) => a.verb === 'errors.reprocess')!;
    expect(reprocess).toMatchObject({
      title: 'Reprocess these 2 users',
      data: { runId: run.id, page: 2, userIds: NO_SEAT, products: [{ skuId: EMS, userIds: NO_SEAT }] },
    });
    // The errors command shows the same card.
    const errors = await h.say(BOB, 'errors');
    expect(cardText(cardOf(errors[0]))).toContain('24 users with a group license error');
  });

  it('reprocesses users in error on the second product, judged by that product, and the card drops them', async () => {
    const card = errorCards()[0];
    const page = await h.click(BOB, 'errors.page', { runId: run.id, page: 2 });
    const reprocess = actionsOf(page.body.value).find((a) => a.verb === 'errors.reprocess')!;
    // Units bought: both can get EMS now.
    await control(`/skus/${EMS}/mutate`, { prepaidUnits: { enabled: 60 } });
    const answer = await h.click(BOB, 'errors.reprocess', reprocess.data, { replyToId: card.id });
    expect(cardText(answer.body.value)).toMatch(/Bob Approver asked Entra to process 2 users again/);
    await h.idle();

    for (const id of NO_SEAT) {
      const paths = (await h.graph.getUser(id))!.licenseAssignmentStates.filter((s) => s.assignedByGroup);
      expect(paths.map((s) => [s.skuId.toLowerCase(), s.state]).sort()).toEqual([
        [E3, 'Active'],
        [EMS, 'Active'],
      ]);
    }
    // Entra was asked once per user, for both products it is in error on (the card's EMS first), both judged again.
    const asked = (await h.journal.read(run.id)).filter((e) => e.kind === 'license.reprocessing');
    expect(
      asked.map((e) => {
        const d = e.detail as { skuId: string; skuIds: string[] };
        return [e.userId, d.skuId.toLowerCase(), d.skuIds.map((id) => id.toLowerCase())];
      }),
    ).toEqual(NO_SEAT.map((id) => [id, EMS, [EMS, E3]]));
    const stats = await (await fetch(`${h.sim.url}/_sim/stats`)).json();
    expect(stats.requests['POST /users/{id}/reprocessLicenseAssignment']).toBe(NO_SEAT.length);
    expect(h.adapter.sent.some((a) => /Bob Approver reprocessed users of run .*2 users no longer in error/.test(a.text ?? ''))).toBe(true);

    // The clicked card was edited: the two are gone from both products, the E3 plan mismatches stay.
    const edited = cardText(cardOf(transcript(h.adapter).find((a) => a.id === card.id)));
    expect(edited).toContain('Reprocessing done: 2 users no longer in error.');
    expect(edited).toContain('20 users with a group license error or a service the group does not enable · page 2 of 2');
    for (const i of [0, 1]) expect(edited).not.toContain(noSeatUpn(i));
    expect(edited).not.toContain('Not enough units');
    expect(edited).not.toContain(EMS_NAME);
  });
});

describe('the error card of a run of several products whose second product alone has problems', () => {
  let h: BotHarness;
  afterAll(async () => h.close());

  it('lists the EMS users, and the errors command does not say there is nothing to fix', async () => {
    h = await startBotHarness({ canary: 4, patchFixture: shippedFixture('license-profiles.json') });
    const run = await profileOneRun(h);
    // Another admin turns Intune off on the group's EMS: its 20 users would lose it; E3 is fine.
    const INTUNE = 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5';
    const res = await fetch(`${h.sim.url}/_sim/groups/${run.groupId}/mutate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assignLicense: { addLicenses: [{ skuId: EMS, disabledPlans: [INTUNE] }], removeLicenses: [] } }),
    });
    expect(res.status).toBe(200);
    await h.say(ALICE, 'verify');
    await h.idle();

    const reply = await h.say(BOB, 'errors');
    const text = cardText(cardOf(reply[0]));
    expect(text).toContain('20 users with a group license error or a service the group does not enable · page 1 of 2');
    expect(text).toContain(`Product: ${EMS_NAME}\nThe group does not enable: INTUNE_A.`);
    expect(text).not.toContain(E3_NAME);
  }, 60_000);
});
