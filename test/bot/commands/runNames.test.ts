/** Runs are shown by name on cards and in chat, and commands accept a run's #number, name or id. */
import {
  ALICE,
  ALL_USERS,
  BOB,
  E3,
  actionsOf,
  cardOf,
  cardText,
  preparedRun,
  startBotHarness,
  type BotHarness,
} from '../../support/botHarness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** Text as a reader sees it: Markdown's backslash escapes (names from the tenant are escaped) removed. */
function shown(text: string | undefined): string {
  return (text ?? '').replace(/\\(.)/g, '$1');
}

function factsOf(card: Json | undefined): Record<string, string> {
  const facts: Record<string, string> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'FactSet') for (const f of n.facts) facts[f.title] = shown(f.value);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return facts;
}

describe('run names in chat and on cards', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 6 });
  });
  afterEach(async () => h.close());

  /** A second run of the same SKU and group, left at its pre-flight card. */
  async function secondRun(): Promise<string> {
    await h.say(ALICE, 'migrate');
    await h.click(ALICE, 'migrate.sku', { skuId: E3 });
    const picked = await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: ALL_USERS });
    const intro = picked.replies.find((a) => /created/.test(a.text ?? ''));
    return shown(intro?.text);
  }

  it('should name each run and show the name on cards, with the id as a detail', async () => {
    const first = await preparedRun(h, ALICE);
    expect(first).toMatchObject({ name: 'E3 → All users · #1', number: 1 });
    const intro = await secondRun();
    expect(intro).toMatch(/Run \*\*E3 → All users · #2\*\* created/);
    expect(intro).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);

    const status = cardOf((await h.say(BOB, 'status #1'))[0]);
    expect(factsOf(status)).toMatchObject({ Run: 'E3 → All users · #1', 'Run id': first.id });
    const approval = [...h.adapter.sent].map((a) => cardOf(a)).find((c) => actionsOf(c).some((x) => x.verb === 'batch.approve'));
    expect(factsOf(approval)).toMatchObject({ Run: 'E3 → All users · #1', 'Run id': first.id });
    const report = cardOf((await h.say(BOB, 'report #1'))[0]);
    expect(shown(cardText(report))).toMatch(/E3 → All users · #1/);
    expect(shown(cardText(report))).toContain(`Run id ${first.id}`);
  });

  it('should take a run by #number, full name in any case, or id, in status and report', async () => {
    const first = await preparedRun(h, ALICE);
    await secondRun();
    // Without a reference: the conversation's run, which is now #2.
    expect(factsOf(cardOf((await h.say(BOB, 'status'))[0])).Run).toBe('E3 → All users · #2');
    for (const reference of ['#1', 'e3 -> all users · #1', 'E3 → ALL USERS #1', first.id]) {
      const reply = await h.say(BOB, `status ${reference}`);
      expect(factsOf(cardOf(reply[0])).Run).toBe('E3 → All users · #1');
    }
    expect(shown(cardText(cardOf((await h.say(BOB, 'report #2'))[0])))).toMatch(/E3 → All users · #2/);
  });

  it('should list the candidates when a name is ambiguous or unknown, and do nothing', async () => {
    await preparedRun(h, ALICE);
    await secondRun();
    const ambiguous = await h.say(BOB, 'status E3 -> All users');
    expect(ambiguous).toHaveLength(1);
    expect(shown(ambiguous[0].text)).toMatch(/More than one run is called "E3 -> All users"/);
    expect(shown(ambiguous[0].text)).toMatch(/E3 → All users · #2\*\* \(created\), \*\*E3 → All users · #1\*\* \(verified\)/);
    expect(shown(ambiguous[0].text)).toMatch(/`status #2`/);
    const unknown = await h.say(BOB, 'report #7');
    expect(unknown).toHaveLength(1);
    expect(shown(unknown[0].text)).toMatch(/No run is called "#7"\. Recent runs: \*\*E3 → All users · #2\*\*/);
    expect(cardOf(unknown[0])).toBeUndefined();
  });

  it('should pause the run named by a leading #number, with the rest as the reason', async () => {
    const first = await preparedRun(h, ALICE);
    await secondRun();
    await h.say(BOB, 'pause #1 waiting for the service desk');
    expect(await h.engine.getRun(first.id)).toMatchObject({ status: 'paused', pausedReason: 'waiting for the service desk' });
    const unknown = await h.say(BOB, 'pause #5 nothing');
    expect(shown(unknown[0].text)).toMatch(/No run is called "#5"/);
  });
});
