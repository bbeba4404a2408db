import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MALLORY, cardOf, cardText, startBotHarness, type BotHarness } from '../../support/botHarness';

const FABRIKAM = JSON.parse(readFileSync(path.join(__dirname, '../../../fixtures/license-profiles.json'), 'utf8'));

describe('plan', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      patchFixture: (f) => {
        for (const key of Object.keys(f)) delete f[key];
        Object.assign(f, structuredClone(FABRIKAM));
      },
    });
  });
  afterAll(async () => h.close());

  it('shows every license profile with its group and the merges that lose nobody a service, to any allowed user', async () => {
    const replies = await h.say(MALLORY, 'plan');
    const text = cardText(cardOf(replies.find((a) => cardOf(a))));
    expect(text).toContain('42 users hold licenses directly, in 5 profiles');
    expect(text).toContain('Profile 1 · 20 users');
    expect(text).toContain('Office 365 E3 (every plan) + Enterprise Mobility + Security E3 (every plan)');
    expect(text).toContain('Group: Licensing E3 (exists and already assigns exactly these licenses)');
    expect(text).toContain('Office 365 E3 without YAMMER\\_ENTERPRISE + Enterprise Mobility + Security E3 (every plan)');
    expect(text).toContain("Can share profile 1's group: these users would gain YAMMER\\_ENTERPRISE in Office 365 E3, and lose nothing.");
    expect(text).toContain('For example power.bi40@fabrikam.onmicrosoft.com');
    // Nothing was changed in the tenant.
    expect(h.sim.invariants()).toEqual([]);
  });

  it('refuses arguments rather than guessing what they mean', async () => {
    const [reply] = await h.say(MALLORY, 'plan E3');
    expect(reply.text).toBe('`plan` takes no arguments: it reads every product of the tenant.');
  });
});
