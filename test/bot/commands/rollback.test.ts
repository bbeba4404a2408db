import {
  ALICE,
  BOB,
  E3,
  MALLORY,
  actionsOf,
  buttonData,
  cardOf,
  currentRun,
  preparedRun,
  startBotHarness,
  type BotHarness,
} from '../../support/botHarness';
import { outcomesOf } from '../../support/runState';

describe('rollback', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 6, canary: 2 });
  });
  afterEach(async () => h.close());

  it('should say there is nothing to roll back before any removal', async () => {
    await preparedRun(h, ALICE);
    expect((await h.say(BOB, 'rollback'))[0].text).toMatch(/nothing to roll back/);
    expect((await h.say(BOB, 'rollback 7'))[0].text).toMatch(/no batch "7"/);
    expect((await h.say(BOB, 'rollback 1'))[0].text).toMatch(/only executed batches/);
  });

  it('should ask for confirmation, then re-add the removed direct assignments', async () => {
    await preparedRun(h, ALICE);
    await h.click(BOB, 'batch.approve', buttonData(h, 'batch.approve'));
    await h.idle();
    let run = await currentRun(h);
    const removed = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed').map((o) => o.userId);
    expect(removed).toHaveLength(2);

    const reply = await h.say(BOB, 'rollback 1');
    const confirm = actionsOf(cardOf(reply[0])).find((a) => a.verb === 'run.rollback')!;
    expect(confirm.data).toMatchObject({ runId: run.id, batchId: run.batches[0].id });
    expect((await h.click(MALLORY, 'run.rollback', confirm.data)).body.value).toMatch(/not an approver/);

    const answer = await h.click(BOB, 'run.rollback', confirm.data);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    await h.idle();
    run = await currentRun(h);
    const restored = (await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'restored');
    expect(restored.map((o) => o.userId).sort()).toEqual([...removed].sort());
    expect(run.batches[0].tally.restored).toBe(2);
    for (const id of removed) {
      const user = await h.graph.getUser(id);
      expect(user!.licenseAssignmentStates.some((s) => s.skuId === E3 && s.assignedByGroup === null)).toBe(true);
    }
    expect(h.adapter.sent.some((a) => /Rollback finished: 2 direct assignment/.test(a.text ?? ''))).toBe(true);
    expect(h.sim.invariants()).toEqual([]);
  });
});
