import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStorage } from '../../src/bot/fileStorage';
import { createStorage } from '../../src/storage';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { ALICE, BOB, buttonData, cardOf, cardText, lastCardWith, preparedRun, smallContoso, startBotHarness } from '../support/botHarness';

describe('after a restart', () => {
  let dir: string;
  let sim: RunningSimulator;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lmb-restart-'));
    sim = await startSimulator({ fixture: smallContoso(6), port: 0, quiet: true });
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should keep working from stored conversation references and message ids', async () => {
    const stores = await createStorage(`file:${dir}`);
    const first = await startBotHarness({
      sim,
      runs: stores.runs,
      journal: stores.journal,
      botStorage: new FileStorage(path.join(dir, 'bot-state')),
      canary: 2,
    });
    const run = await preparedRun(first, ALICE);
    const approvalMessageId = lastCardWith(first.adapter, 'batch.approve')!.id!;
    const approve = buttonData(first, 'batch.approve');
    await first.close();

    // A new process: new stores over the same files, a new adapter with an empty transcript.
    const reopened = await createStorage(`file:${dir}`);
    const second = await startBotHarness({
      sim,
      runs: reopened.runs,
      journal: reopened.journal,
      botStorage: new FileStorage(path.join(dir, 'bot-state')),
      canary: 2,
    });
    try {
      // `status` still knows this conversation's run.
      const status = await second.say(BOB, 'status');
      expect(cardText(cardOf(status[0]))).toContain(run.id);

      const answer = await second.click(BOB, 'batch.approve', approve);
      expect(cardText(answer.body.value)).toMatch(/Approved by Bob Approver/);
      await second.idle();
      // The approval card posted before the restart was edited in place, by its stored id.
      const edits = second.adapter.updates.filter((u) => u.id === approvalMessageId);
      expect(edits.length).toBeGreaterThan(0);
      expect(cardText(cardOf(edits.at(-1)))).toMatch(/Approved by Bob Approver/);
      // Sample users are named by sign-in name even though the verification was in the old process.
      expect(cardText(cardOf(edits.at(-1)))).toMatch(/user00000\d@contoso\.onmicrosoft\.com/);
      // And the next batch's approval card was posted proactively into the same conversation.
      const next = second.adapter.sent.find((a) => /batch\.approve/.test(JSON.stringify(a.attachments ?? [])));
      expect(next?.conversation?.id).toBe('19:migration@thread.tacv2');
      expect((await second.engine.getRun(run.id))!.batches[0].status).toBe('done');
    } finally {
      await second.close();
    }
  });
});
