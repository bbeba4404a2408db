import { ALICE, BOB, cardText, currentRun, preparedRun, startBotHarness, type BotHarness } from './harness';

describe('Pause and Resume buttons check the card version', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ users: 4 });
    await preparedRun(h, ALICE);
  });
  afterAll(async () => h.close());

  it('should change nothing on a stale Pause click and say why', async () => {
    const run = await currentRun(h);
    const answer = await h.click(BOB, 'run.pause', { runId: run.id, cardVersion: Date.parse(run.updatedAt) - 1 });
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.body.value)).toMatch(/out of date.*changed nothing/);
    const after = await currentRun(h);
    expect(after.status).toBe(run.status);
    expect(after.updatedAt).toBe(run.updatedAt);
  });

  it('should change nothing on a stale Resume click and say why; a current one resumes', async () => {
    await h.say(BOB, 'pause checking something');
    const paused = await currentRun(h);
    expect(paused.status).toBe('paused');
    const stale = await h.click(BOB, 'run.resume', { runId: paused.id, cardVersion: Date.parse(paused.updatedAt) - 1 });
    expect(cardText(stale.body.value)).toMatch(/out of date.*changed nothing/);
    expect(await currentRun(h)).toMatchObject({ status: 'paused', updatedAt: paused.updatedAt });

    const current = await h.click(BOB, 'run.resume', { runId: paused.id, cardVersion: Date.parse(paused.updatedAt) });
    expect(cardText(current.body.value)).not.toMatch(/out of date/);
    await h.idle();
    expect((await currentRun(h)).status).not.toBe('paused');
  });

  it('should say why a Resume click on a running run changes nothing', async () => {
    const run = await currentRun(h);
    const answer = await h.click(BOB, 'run.resume', { runId: run.id, cardVersion: Date.parse(run.updatedAt) });
    expect(cardText(answer.body.value)).toMatch(/not paused.*changed nothing/);
    expect((await currentRun(h)).updatedAt).toBe(run.updatedAt);
  });
});
