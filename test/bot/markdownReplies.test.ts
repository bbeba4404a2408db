import { md } from '../../src/cards/format';
import { ALICE, MALLORY, E3, startBotHarness, type BotHarness } from '../support/botHarness';

const personal = { conversation: { id: 'a:alice-personal', conversationType: 'personal', tenantId: ALICE.tenantId } as never };
/** What Teams would show as an entity or swallow as an HTML tag. */
const ENTITY_OR_TAG = /&lt;|&gt;|&amp;|<[a-z][a-z ]*>/i;
/** An unescaped Markdown link. */
const LINK = /(^|[^\\])\[[^\]]*(^|[^\\])\]\(/;

describe('md', () => {
  it('should backslash-escape Markdown characters and keep other text as it is', () => {
    expect(md('[click](https://evil.example) *bold* _it_ `code` <b>')).toBe(
      '\\[click\\]\\(https://evil.example\\) \\*bold\\* \\_it\\_ \\`code\\` \\<b\\>',
    );
    expect(md("O'Brien & Sons, Sales-EU")).toBe("O'Brien & Sons, Sales-EU");
  });

  it('should fold a value to one short line', () => {
    expect(md('a\n# heading', 100)).toBe('a \\# heading');
    expect(md('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('bot text replies are Markdown', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 4 });
  });
  afterEach(async () => h.close());

  it('should prompt with no HTML entities or angle-bracket placeholders', async () => {
    const texts: string[] = [];
    const collect = (acts: { text?: string }[]) => texts.push(...acts.map((a) => a.text ?? ''));
    collect(await h.say(ALICE, 'spotcheck', personal));
    collect(await h.say(ALICE, 'spotcheck not a user', personal));
    collect(await h.say(ALICE, 'migrate', personal));
    collect((await h.click(ALICE, 'migrate.sku', { skuId: E3 }, personal)).replies);
    collect(await h.say(ALICE, '', personal));
    expect(texts.join('\n')).toMatch(/new/);
    for (const t of texts) expect(t).not.toMatch(ENTITY_OR_TAG);
    await h.say(ALICE, 'cancel', personal);
  });

  it('should not let a typed group name become a link', async () => {
    await h.say(ALICE, 'migrate', personal);
    await h.click(ALICE, 'migrate.sku', { skuId: E3 }, personal);
    const reply = await h.say(ALICE, '[click](https://evil.example) *now*', personal);
    expect(reply[0].text).toContain('No group is named "\\[click\\]\\(https://evil.example\\) \\*now\\*"');
    expect(reply[0].text).not.toMatch(LINK);
    await h.say(ALICE, 'cancel', personal);
  });

  it("should not let a person's display name become a link", async () => {
    const reply = await h.say({ ...MALLORY, name: '[Admin](https://evil.example)' }, 'migrate', personal);
    expect(reply[0].text).toMatch(/not an approver/);
    expect(reply[0].text).toContain('\\[Admin\\]\\(https://evil.example\\)');
    expect(reply[0].text).not.toMatch(LINK);
  });
});
