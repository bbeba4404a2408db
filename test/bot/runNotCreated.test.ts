import { ALICE, ALL_USERS, E3, cardOf, cardText, startBotHarness, type BotHarness } from '../support/botHarness';
import { MemoryRunStore, StorageCorruptError } from '../../src/storage';

/** A store whose run counter cannot be read (a corrupt counter file, a storage outage) while `broken` is set. */
class BrokenCounter extends MemoryRunStore {
  broken = true;
  override async nextRunNumber(scope: string, atLeast?: number): Promise<number> {
    if (this.broken) throw new StorageCorruptError('/data/counters/run-number-x.json', 'not valid JSON');
    return super.nextRunNumber(scope, atLeast);
  }
}

describe('a run that cannot be created for a reason of the bot, not the tenant', () => {
  let h: BotHarness;
  let runs: BrokenCounter;
  beforeEach(async () => {
    runs = new BrokenCounter();
    h = await startBotHarness({ users: 6, runs });
  });
  afterEach(async () => h.close());

  it('is answered where the click happened, ends the guided start cleanly, and the next `migrate` works', async () => {
    await h.say(ALICE, 'migrate');
    await h.click(ALICE, 'migrate.sku', { skuId: E3 });
    const failed = await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: ALL_USERS, newGroupName: '' });
    const answer = `${JSON.stringify(failed.body.value)}\n${failed.replies.map((a) => `${a.text ?? ''} ${cardText(cardOf(a))}`).join('\n')}`;
    expect(answer).toMatch(/The run was not created: Something went wrong on our side; nothing more was changed\. Reference [0-9a-f]{8}\./);
    // Nothing stored, and no path or file name reaches the channel.
    expect(await h.engine.listRuns()).toEqual([]);
    expect(answer).not.toContain('/data/counters');

    runs.broken = false;
    // The old step is gone: a stale click says so instead of "Noted.", and `migrate` starts afresh.
    const stale = await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: ALL_USERS, newGroupName: '' });
    expect(JSON.stringify(stale.body.value)).not.toBe('"Noted."');
    await h.say(ALICE, 'migrate');
    await h.click(ALICE, 'migrate.sku', { skuId: E3 });
    await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: ALL_USERS, newGroupName: '' });
    expect((await h.engine.listRuns()).map((r) => r.name)).toEqual(['E3 → All users · #1']);
  });
});
