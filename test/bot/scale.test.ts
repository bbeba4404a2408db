import { ALICE, BOB, buttonData, currentRun, preparedRun, startBotHarness, type BotHarness } from '../support/botHarness';
import { outcomesOf, tallied } from '../support/runState';

describe('a 400-user run', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ users: 400, canary: 10 });
  });
  afterAll(async () => h.close());

  it('should keep every card under 28 KB and finish with no invariant broken', async () => {
    let run = await preparedRun(h, ALICE);
    while (run.status !== 'completed') {
      await h.click(BOB, 'batch.approve', buttonData(h, 'batch.approve'));
      await h.idle();
      run = await currentRun(h);
      expect(run.status).not.toBe('paused');
    }
    expect((await outcomesOf(h.engine, run.id)).filter((o) => o.outcome === 'removed')).toHaveLength(400);
    expect(tallied(run, 'removed')).toBe(400);
    const sizes = [...h.adapter.sent, ...h.adapter.updates].map((a) => JSON.stringify(a.attachments ?? []).length);
    expect(Math.max(...sizes)).toBeLessThan(28 * 1024);
    expect(h.sim.invariants()).toEqual([]);
    // Progress is edited into cards: a few messages per batch, never one per user.
    expect(h.adapter.sent.filter((a) => a.type === 'message').length).toBeLessThan(run.batches.length * 3 + 15);
  });
});
