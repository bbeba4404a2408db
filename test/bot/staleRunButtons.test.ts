import { runControlVersion } from '../../src/bot/cardVersions';
import { ALICE, BOB, buttonData, cardText, currentRun, preparedRun, startBotHarness, type BotHarness } from '../support/botHarness';

describe('Pause and Resume buttons check the card version', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 4 });
    await preparedRun(h, ALICE);
  });
  afterEach(async () => h.close());

  it('should change nothing on a stale Pause click and say why', async () => {
    const run = await currentRun(h);
    const answer = await h.click(BOB, 'run.pause', { runId: run.id, cardVersion: runControlVersion(run) + 1 });
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.body.value)).toMatch(/out of date.*changed nothing/);
    const after = await currentRun(h);
    expect(after.status).toBe(run.status);
    expect(after.updatedAt).toBe(run.updatedAt);
  });

  it('should change nothing on a Resume click from a card of an earlier pause; a current one resumes', async () => {
    await h.say(BOB, 'pause checking something');
    await h.idle();
    const earlier = buttonData(h, 'run.resume');
    await h.say(BOB, 'resume');
    await h.idle();
    await h.say(BOB, 'pause for another reason');
    await h.idle();
    const paused = await currentRun(h);
    expect(paused).toMatchObject({ status: 'paused', pausedReason: 'for another reason' });

    const stale = await h.click(BOB, 'run.resume', earlier);
    expect(cardText(stale.body.value)).toMatch(/out of date.*changed nothing/);
    expect(await currentRun(h)).toMatchObject({ status: 'paused', updatedAt: paused.updatedAt });

    const current = await h.click(BOB, 'run.resume', buttonData(h, 'run.resume'));
    expect(cardText(current.body.value)).not.toMatch(/out of date/);
    await h.idle();
    expect((await currentRun(h)).status).not.toBe('paused');
  });

  it('should say why a Resume click on a running run changes nothing', async () => {
    const run = await currentRun(h);
    const answer = await h.click(BOB, 'run.resume', { runId: run.id, cardVersion: runControlVersion(run) });
    expect(cardText(answer.body.value)).toMatch(/not paused.*changed nothing/);
    expect((await currentRun(h)).updatedAt).toBe(run.updatedAt);
  });
});

describe('runControlVersion', () => {
  it('should move with status, pause reason and plan, not with progress', async () => {
    const h = await startBotHarness({ users: 4 });
    try {
      const run = await preparedRun(h, ALICE);
      const v = runControlVersion(run);
      const progressed = {
        ...run,
        updatedAt: new Date(Date.parse(run.updatedAt) + 5_000).toISOString(),
        batches: run.batches.map((b, i) => (i === 0 ? { ...b, tally: { ...b.tally, removed: b.tally.removed + 1 } } : b)),
      };
      expect(runControlVersion(progressed)).toBe(v);
      expect(runControlVersion({ ...run, status: 'paused' })).not.toBe(v);
      expect(runControlVersion({ ...run, status: 'paused', pausedReason: 'a' })).not.toBe(
        runControlVersion({ ...run, status: 'paused', pausedReason: 'b' }),
      );
      expect(runControlVersion({ ...run, batches: run.batches.slice(1) })).not.toBe(v);
      expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
    } finally {
      await h.close();
    }
  });
});
