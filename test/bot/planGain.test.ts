import type { JournalEntry } from '../../src/migration/types';
import {
  ALL_USERS,
  BOB,
  E3,
  actionsOf,
  cardOf,
  cardText,
  lastCardWith,
  preparedRun,
  startBotHarness,
  transcript,
  type BotHarness,
} from '../support/botHarness';
import { outcomesOf } from '../support/runState';

const YAMMER = '7547a3fe-08ee-4ccb-b430-5077c5041653';
const GAINERS = [1, 2, 3].map((n) => ({
  id: `00000000-0000-4000-8000-0000000000c${n}`,
  userPrincipalName: `zz.nogossip${n}@contoso.onmicrosoft.com`,
  displayName: `No Yammer ${n}`,
  usageLocation: 'US',
  assignedLicenses: [{ skuId: E3, disabledPlans: [YAMMER] }],
}));

/** Contoso with three more members whose direct E3 has Yammer switched off on purpose: the group gives full E3. */
async function startWithGainers(): Promise<BotHarness> {
  return startBotHarness({
    users: 12,
    canary: 4,
    patchFixture: (f) => {
      f.users = GAINERS;
      f.groups[0].members = GAINERS.map((u) => u.id);
    },
  });
}

async function directOf(h: BotHarness, userId: string): Promise<string[] | null> {
  const u = await h.graph.getUser(userId);
  const d = u?.licenseAssignmentStates.find((s) => s.skuId === E3 && s.assignedByGroup === null);
  return d ? [...d.disabledPlans] : null;
}

async function journalOf(h: BotHarness, runId: string): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  for await (const e of h.journal.entries(runId)) out.push(e);
  return out;
}

/** Approves the open batches one after another as Bob; `accept` ticks the gain toggle where the card has one. */
async function approveAll(h: BotHarness, accept: boolean): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const message = lastCardWith(h.adapter, 'batch.approve');
    const card = cardOf(message);
    const approve = actionsOf(card).find((a) => a.verb === 'batch.approve');
    if (!approve) break;
    texts.push(cardText(card));
    const hasToggle = JSON.stringify(card).includes('"acceptGain"');
    // Teams sends the card's inputs with the action's data: the toggle's value when there is one.
    const data = hasToggle ? { ...approve.data, acceptGain: accept ? 'true' : 'false' } : approve.data;
    const answer = await h.click(BOB, 'batch.approve', data);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    await h.idle();
    const shared = h.adapter.activeQueue.find((a) => a.id === message!.id);
    if (actionsOf(cardOf(shared)).length) break;
  }
  return texts;
}

describe('a user whose direct E3 disables Yammer, in a group with full E3, through the bot', () => {
  it('is planGain on the verification card and keeps the direct assignment when the approver does not accept the gain', async () => {
    const h = await startWithGainers();
    try {
      const run = await preparedRun(h);
      expect(run.groupId).toBe(ALL_USERS);
      expect(run.disabledPlans).toEqual([]);
      const verification = transcript(h.adapter)
        .map((a) => cardText(cardOf(a)))
        .find((t) => /^Verification/.test(t))!;
      expect(verification).toContain('Would gain plans');
      expect(verification).toMatch(/3 users would gain YAMMER_ENTERPRISE, which their direct assignment disables/);
      expect(verification).toMatch(/zz\.nogossip1@contoso\.onmicrosoft\.com[\s\S]*Would gain: YAMMER_ENTERPRISE/);

      // A forged toggle value is refused before anything happens.
      const first = actionsOf(cardOf(lastCardWith(h.adapter, 'batch.approve'))).find((a) => a.verb === 'batch.approve')!;
      const forged = await h.click(BOB, 'batch.approve', { ...first.data, acceptGain: 'yes' });
      expect(JSON.stringify(forged.body)).toMatch(/acceptGain must be 'true' or 'false'/);
      expect((await h.engine.getRun(run.id))!.batches[0].approvals).toEqual([]);

      const cards = await approveAll(h, false);
      const withGain = cards.filter((t) => /would gain YAMMER_ENTERPRISE/.test(t));
      expect(withGain).toHaveLength(1);
      expect(withGain[0]).toMatch(/Also remove 3 users who would gain YAMMER_ENTERPRISE/);

      const done = (await h.engine.getRun(run.id))!;
      expect(done.status).toBe('completed');
      const outcomes = await outcomesOf(h.engine, run.id);
      expect(outcomes.filter((o) => o.outcome === 'removed')).toHaveLength(12);
      for (const u of GAINERS) {
        expect(await directOf(h, u.id)).toEqual([YAMMER]);
        expect(outcomes.find((o) => o.userId === u.id)).toMatchObject({ outcome: 'skipped', code: 'planGain' });
      }
      // The decided card says the gain was not accepted.
      const decided = transcript(h.adapter)
        .map((a) => cardText(cardOf(a)))
        .filter((t) => /would gain YAMMER_ENTERPRISE/.test(t) && !/Also remove/.test(t));
      expect(decided.some((t) => /keep their direct assignment: the gain was not accepted/.test(t))).toBe(true);
      // The final report says it per batch.
      expect(
        decided.some((t) =>
          /Final report[\s\S]*3 would gain YAMMER_ENTERPRISE \(gain not accepted: they keep their direct assignment\)/.test(t),
        ),
      ).toBe(true);
      expect((await journalOf(h, run.id)).some((e) => e.kind === 'batch.approval' && e.detail?.acceptedGain)).toBe(false);
      expect(h.sim.invariants()).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('is removed when the approver ticks "Also remove … who would gain", and the journal names who accepted which plans', async () => {
    const h = await startWithGainers();
    try {
      const run = await preparedRun(h);
      await approveAll(h, true);
      const done = (await h.engine.getRun(run.id))!;
      expect(done.status).toBe('completed');
      const outcomes = await outcomesOf(h.engine, run.id);
      expect(outcomes.filter((o) => o.outcome === 'removed')).toHaveLength(15);
      for (const u of GAINERS) expect(await directOf(h, u.id)).toBeNull();
      const gainBatch = done.batches.find((b) => b.gain)!;
      expect(gainBatch.gain).toEqual({ users: 3, plans: ['YAMMER_ENTERPRISE'] });
      const journal = await journalOf(h, run.id);
      const acceptance = journal.filter((e) => e.kind === 'batch.approval' && e.detail?.acceptedGain);
      expect(acceptance).toEqual([
        expect.objectContaining({
          batchId: gainBatch.id,
          actorId: BOB.aadObjectId,
          detail: expect.objectContaining({ decision: 'approve', acceptedGain: ['YAMMER_ENTERPRISE'], gainUsers: 3 }),
        }),
      ]);
      const decided = transcript(h.adapter).map((a) => cardText(cardOf(a)));
      expect(decided.some((t) => /Gain of YAMMER_ENTERPRISE accepted by Bob Approver for 3 users/.test(t))).toBe(true);
      expect(decided.some((t) => /Final report[\s\S]*3 would gain YAMMER_ENTERPRISE \(gain accepted\)/.test(t))).toBe(true);
      expect(h.sim.invariants()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
