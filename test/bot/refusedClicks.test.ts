/**
 * A click that fails validation is answered where it happened: the same card comes back (for the clicker)
 * with the inputs as they were and a notice saying what to fix; never an error response, which Agents
 * Playground does not show at all and Teams only as a generic banner.
 */
import {
  ALICE,
  ALL_USERS,
  BOB,
  E3,
  actionsOf,
  buttonData,
  cardOf,
  cardText,
  currentRun,
  preparedRun,
  startBotHarness,
  type BotHarness,
  type InvokeResult,
} from '../support/botHarness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function inputById(card: unknown, id: string): Json | undefined {
  let found: Json | undefined;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if ((node as Json).id === id && String((node as Json).type).startsWith('Input.')) found = node as Json;
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The text of the notice a refused card carries on top. */
function noticeOf(card: Json): string {
  const first = card.body[0];
  expect(first).toMatchObject({ type: 'Container', style: 'attention' });
  return cardText(first);
}

function expectCardAnswer(answer: InvokeResult): Json {
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  return answer.body.value as Json;
}

describe('refused card clicks are answered on the card', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 6 });
  });
  afterEach(async () => h.close());

  async function openCohortCard(): Promise<Json> {
    await h.say(ALICE, 'migrate');
    const chosen = await h.click(ALICE, 'migrate.sku', { skuId: E3 });
    const card = chosen.replies.map((a) => cardOf(a)).find((c) => actionsOf(c).some((x) => x.verb === 'migrate.group'));
    if (!card) throw new Error('no cohort card');
    return card;
  }

  it('should answer Continue with no group chosen with the same cohort card and what to fix', async () => {
    const cohortCard = await openCohortCard();
    const answer = await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: '', newGroupName: '' });
    const card = expectCardAnswer(answer);
    expect(noticeOf(card)).toMatch(/Pick an existing group or type a name for a new group/);
    // The rest is the card that was clicked: same title, inputs and Continue button.
    expect(card.body.slice(1)).toEqual(cohortCard.body);
    expect(actionsOf(card)).toEqual(actionsOf(cohortCard));
    expect(await h.engine.listRuns()).toEqual([]);

    // The dialog still waits for this card: a proper answer goes through.
    await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: ALL_USERS, newGroupName: '' });
    expect(await currentRun(h)).toMatchObject({ groupId: ALL_USERS });
  });

  it("should keep the clicker's inputs when refusing them", async () => {
    await openCohortCard();
    const answer = await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: ALL_USERS, newGroupName: 'Licensing E3' });
    const card = expectCardAnswer(answer);
    expect(noticeOf(card)).toMatch(/not both/);
    expect(inputById(card, 'groupId')?.value).toBe(ALL_USERS);
    expect(inputById(card, 'newGroupName')?.value).toBe('Licensing E3');
    expect(await h.engine.listRuns()).toEqual([]);
  });

  it('should not show a forged group as chosen', async () => {
    await openCohortCard();
    const forged = '11111111-2222-4333-8444-555555555555';
    const answer = await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: 'not-a-guid', newGroupName: '' });
    expect(noticeOf(expectCardAnswer(answer))).toMatch(/group id is not a valid GUID/);
    // Well-formed but no such group: refused on the card, and the choice set shows only values it offers.
    const other = expectCardAnswer(await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: forged, newGroupName: '' }));
    expect(noticeOf(other)).toMatch(/No group has the id 11111111-2222-4333-8444-555555555555/);
    expect(inputById(other, 'groupId')?.value).toBeUndefined();
    expect(await h.engine.listRuns()).toEqual([]);
  });

  it('should answer an SKU the tenant does not have with the same SKU card', async () => {
    const started = await h.say(ALICE, 'migrate');
    const skuCard = started.map((a) => cardOf(a)).find((c) => actionsOf(c).some((x) => x.verb === 'migrate.sku'));
    const answer = await h.click(ALICE, 'migrate.sku', { skuId: '11111111-2222-4333-8444-555555555555' });
    const card = expectCardAnswer(answer);
    expect(noticeOf(card)).toMatch(/not one of this tenant's subscribed SKUs/);
    expect(card.body.slice(1)).toEqual(skuCard!.body);
  });

  it('should answer a click on another step with a message and keep that card', async () => {
    await openCohortCard();
    const answer = await h.click(ALICE, 'migrate.sku', { skuId: E3 });
    expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String(answer.body.value)).toMatch(/belongs to another step/);
  });

  it('should answer a malformed or dead run card with a message, not an error', async () => {
    await preparedRun(h, ALICE);
    const data = buttonData(h, 'batch.approve');
    for (const [verb, payload, expected] of [
      ['batch.approve', { ...data, quorum: 0 }, /unexpected field/],
      ['batch.forceRun', data, /Unknown card action/],
      ['batch.approve', { ...data, runId: 'no-such-run' }, /no migration run/],
      ['errors.page', { runId: data.runId, page: -1 }, /page must be 0 or more/],
    ] as const) {
      const answer = await h.click(BOB, verb, payload);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
      expect(String(answer.body.value)).toMatch(expected);
    }
    expect((await currentRun(h)).batches.every((b) => b.approvals.length === 0)).toBe(true);
  });

  it('should answer Approve on a paused run with its approval card and why', async () => {
    const run = await preparedRun(h, ALICE);
    await h.engine.pause(run.id, 'checking a complaint', ALICE.aadObjectId);
    const answer = await h.click(BOB, 'batch.approve', buttonData(h, 'batch.approve'));
    const card = expectCardAnswer(answer);
    expect(cardText(card.body[0])).toMatch(/The run is paused \(checking a complaint\); batches can be approved only while it runs/);
    expect(actionsOf(card).map((a) => a.verb)).toContain('batch.approve');
    expect((await currentRun(h)).batches[0].approvals).toEqual([]);
  });
});
