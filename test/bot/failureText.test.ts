import { MemoryRunStore } from '../../src/storage';
import { ALICE, BOB, preparedRun, startBotHarness } from '../support/botHarness';

/** A run store whose disk fails with the kind of message that must stay in the log. */
class BrokenDisk extends MemoryRunStore {
  broken = false;
  private fail(): void {
    if (this.broken) throw new Error("EACCES: permission denied, open '/srv/bot/.data/runs/secret-run.json'");
  }
  override async list() {
    this.fail();
    return super.list();
  }
  override async get(runId: string) {
    this.fail();
    return super.get(runId);
  }
}

describe('a failure the channel sees', () => {
  it('is a short line with a reference, never the internal error text', async () => {
    const runs = new BrokenDisk();
    const h = await startBotHarness({ users: 4, runs });
    try {
      await preparedRun(h, ALICE);
      runs.broken = true;
      const [reply] = await h.say(BOB, 'status');
      expect(reply.text).toMatch(
        /^Could not run `status`: Something went wrong on our side; nothing more was changed\. Reference [0-9a-f]{8}\.$/,
      );
      expect(reply.text).not.toMatch(/EACCES|\/srv\/bot/);
    } finally {
      await h.close();
    }
  });

  it("shows the engine's own refusals as they are written", async () => {
    const h = await startBotHarness({ users: 4 });
    try {
      await preparedRun(h, ALICE);
      const [reply] = await h.say(BOB, 'spotcheck nobody@contoso.onmicrosoft.com');
      expect(reply.text).toMatch(/nobody@contoso\.onmicrosoft\.com is not among the users of this run/);
    } finally {
      await h.close();
    }
  });
});
