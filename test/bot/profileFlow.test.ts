import {
  ALICE,
  BOB,
  actionsOf,
  cardOf,
  cardText,
  shownText,
  lastCardWith,
  startBotHarness,
  transcript,
  type BotHarness,
  shippedFixture,
} from '../support/botHarness';
import { outcomesOf } from '../support/runState';

/** Fabrikam (fixtures/license-profiles.json): 42 users hold three products directly, in five profiles. */
const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
const PBI = 'f8a1db68-be16-40ed-86d5-cb42ce701560';

const userWrites = (h: BotHarness) => h.sim.stats().requests['POST /users/{id}/assignLicense'] ?? 0;

describe('the whole tenant through the bot: one run per license profile', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      canary: 4,
      patchFixture: shippedFixture('license-profiles.json'),
    });
  });
  afterAll(async () => h.close());

  it('migrates every profile from the plan card, one write per user, and nobody loses a service', async () => {
    // `migrate` asks first: one license, or the whole tenant.
    await h.say(ALICE, 'migrate');
    const choice = cardOf(lastCardWith(h.adapter, 'plan.show'));
    expect(shownText(choice)).toContain('The whole tenant: every product users hold directly');
    const shown = await h.click(ALICE, 'plan.show', {});
    const planCard = shown.body.value;
    expect(shownText(planCard)).toContain('License profiles');
    const buttons = actionsOf(planCard).filter((a) => a.verb === 'plan.migrate' && /^Migrate profile/.test(a.title));
    expect(buttons.map((b) => b.title)).toEqual([1, 2, 3, 4, 5].map((n) => `Migrate profile ${n}`));
    const writesBefore = userWrites(h);

    const runIds: string[] = [];
    for (const button of buttons) {
      const clicked = await h.click(ALICE, 'plan.migrate', button.data);
      expect(cardText(clicked.body.value)).toMatch(/Alice Admin created run .+ Its pre-flight card follows/);
      await h.idle();
      const preflight = cardOf(lastCardWith(h.adapter, 'migrate.confirm'));
      const confirm = actionsOf(preflight).find((a) => a.verb === 'migrate.confirm')!;
      const runId = (confirm.data as { runId: string }).runId;
      expect(runIds).not.toContain(runId);
      runIds.push(runId);
      await h.click(ALICE, 'migrate.confirm', confirm.data);
      await h.idle();
      let run = (await h.engine.getRun(runId))!;
      expect(run.status).toBe('verified');
      for (let i = 0; i < run.batches.length; i++) {
        const approval = cardOf(lastCardWith(h.adapter, 'batch.approve'));
        const approve = actionsOf(approval).find((a) => a.verb === 'batch.approve')!;
        expect((approve.data as { runId: string }).runId).toBe(runId);
        await h.click(BOB, 'batch.approve', approve.data);
        await h.idle();
      }
      run = (await h.engine.getRun(runId))!;
      expect(run.status).toBe('completed');
    }

    // The profile of E3 + EMS says so on its cards: its name, a verification card per product, the approval card.
    const twoProducts = (await Promise.all(runIds.map((id) => h.engine.getRun(id)))).find((r) => r!.licenses?.length === 2)!;
    expect(twoProducts.name).toMatch(/^E3 \+ EMS E3 → .+ · #\d+$/);
    const texts = transcript(h.adapter).map((a) => shownText(cardOf(a)));
    // Products are named as the admin center names them, on every card (the run's short name stays "E3 + EMS E3").
    expect(texts.some((t) => /Verification/.test(t) && /Enterprise Mobility \+ Security E3 →/.test(t))).toBe(true);
    expect(texts.some((t) => /Remove direct Office 365 E3 \+ Enterprise Mobility \+ Security E3 from these users/.test(t))).toBe(true);
    // Its final report counts per product.
    const finalReport = texts.find(
      (t) =>
        /Final report: Office 365 E3 \+ Enterprise Mobility \+ Security E3 →/.test(t) &&
        /Enterprise Mobility \+ Security E3: direct assignment removed from 20 users/.test(t),
    );
    expect(finalReport).toMatch(/Office 365 E3: direct assignment removed from 20 users/);
    expect(finalReport).not.toMatch(/ENTERPRISEPACK|\bEMS:/);

    const removed = (await Promise.all(runIds.map((id) => outcomesOf(h.engine, id)))).flat().filter((o) => o.outcome === 'removed');
    expect(removed).toHaveLength(42);
    // 42 users held 75 direct assignments: 42 writes took them all.
    expect(userWrites(h) - writesBefore).toBe(42);
    const res = await fetch(`${h.sim.graphUrl}/users?$select=id,licenseAssignmentStates&$top=999`);
    const users = (
      (await res.json()) as { value: { id: string; licenseAssignmentStates: { skuId: string; assignedByGroup: string | null }[] }[] }
    ).value;
    expect(users.filter((u) => u.licenseAssignmentStates.some((s) => s.assignedByGroup === null))).toEqual([]);
    const holders = (sku: string) => users.filter((u) => u.licenseAssignmentStates.some((s) => s.skuId === sku)).length;
    expect([holders(E3), holders(EMS), holders(PBI)]).toEqual([39, 29, 7]);
    expect(h.sim.invariants()).toEqual([]);
  }, 120_000);

  it('refuses a profile the tenant no longer has, on the card, and creates nothing', async () => {
    const before = (await h.engine.listRuns()).length;
    const clicked = await h.click(ALICE, 'plan.migrate', { profileKey: '0:nonsense', group: { newName: 'License – nothing' } });
    expect(String(clicked.body.value)).toMatch(/No license profile 0:nonsense in the tenant now/);
    expect((await h.engine.listRuns()).length).toBe(before);
  });
});

describe("merging a profile into a larger profile's group, through the bot", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      canary: 4,
      patchFixture: shippedFixture('license-profiles.json'),
    });
  });
  afterAll(async () => h.close());

  it('offers only merges that lose nothing, says the gain on the pre-flight, and moves the users in one write each', async () => {
    await h.say(ALICE, 'plan');
    const planCard = cardOf(lastCardWith(h.adapter, 'plan.migrate'));
    const merges = actionsOf(planCard).filter((a) => /Join profile/.test(a.title));
    // E3 alone → E3 + EMS, E3 without Yammer + EMS → E3 + EMS, Power BI → E3 + EMS + Power BI; nothing merges into a smaller set.
    expect(merges.map((a) => a.title)).toEqual(["Join profile 1's group", "Join profile 1's group", "Join profile 4's group"]);
    const clicked = await h.click(ALICE, 'plan.migrate', merges[0].data);
    expect(cardText(clicked.body.value)).toMatch(/created run E3 \+ EMS E3 → .+ for Office 365 E3 \+ Enterprise Mobility \+ Security E3/);
    await h.idle();
    const preflight = cardOf(lastCardWith(h.adapter, 'migrate.confirm'));
    expect(shownText(preflight)).toContain(
      '10 users of another license profile join the group of Office 365 E3 + Enterprise Mobility + Security E3 and gain all of Enterprise Mobility + Security E3 as soon as the bot adds them to the group; nobody loses a service.',
    );
    const confirm = actionsOf(preflight).find((a) => a.verb === 'migrate.confirm')!;
    const runId = (confirm.data as { runId: string }).runId;
    const writesBefore = userWrites(h);
    await h.click(ALICE, 'migrate.confirm', confirm.data);
    await h.idle();
    let run = (await h.engine.getRun(runId))!;
    for (let i = 0; i < run.batches.length; i++) {
      const approve = actionsOf(cardOf(lastCardWith(h.adapter, 'batch.approve'))).find((a) => a.verb === 'batch.approve')!;
      await h.click(BOB, 'batch.approve', approve.data);
      await h.idle();
    }
    run = (await h.engine.getRun(runId))!;
    expect(run.status).toBe('completed');
    const removed = (await outcomesOf(h.engine, runId)).filter((o) => o.outcome === 'removed');
    expect(removed).toHaveLength(10);
    expect(userWrites(h) - writesBefore).toBe(10);
    for (const o of removed) {
      const u = await h.graph.getUser(o.userId);
      expect(u!.licenseAssignmentStates.filter((s) => s.assignedByGroup === null)).toEqual([]);
      expect(
        u!.licenseAssignmentStates
          .filter((s) => s.state === 'Active')
          .map((s) => s.skuId)
          .sort(),
      ).toEqual([E3, EMS].sort());
    }
    expect(h.sim.invariants()).toEqual([]);
  }, 60_000);
});
