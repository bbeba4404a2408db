import {
  ALICE,
  BOB,
  TENANT,
  buttonData,
  cardOf,
  cardText,
  currentRun,
  preparedRun,
  startBotHarness,
  type BotHarness,
  type TestUser,
} from '../support/botHarness';

const CAROL: TestUser = { aadObjectId: 'ca201000-0000-4000-8000-000000000005', name: 'Carol Approver', tenantId: TENANT };

describe('two approvers clicking at the same moment', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 4, canary: 2, policy: { approverIds: [ALICE.aadObjectId, BOB.aadObjectId, CAROL.aadObjectId] } });
    await preparedRun(h, ALICE);
  });
  afterEach(async () => h.close());

  it('should answer both with a card and execute the batch once', async () => {
    const data = buttonData(h, 'batch.approve');
    const answers = await Promise.all([h.click(BOB, 'batch.approve', data), h.click(CAROL, 'batch.approve', data)]);
    for (const a of answers) expect(a.body.type).toBe('application/vnd.microsoft.card.adaptive');
    await h.idle();
    const run = await currentRun(h);
    expect(run.batches[0].status).toBe('done');
    const started = (await h.journal.read(run.id)).filter((e) => e.kind === 'batch.started' && e.batchId === data.batchId);
    expect(started).toHaveLength(1);
    expect(data.batchId).toBe(run.batches[0].id);
    const results = h.adapter.sent.filter((a) => new RegExp(`Canary batch 1 of ${run.batches.length} finished`).test(cardText(cardOf(a))));
    expect(results).toHaveLength(1);
    expect(h.adapter.sent.filter((a) => /^Could not/.test(cardText(cardOf(a))))).toEqual([]);
  });
});
