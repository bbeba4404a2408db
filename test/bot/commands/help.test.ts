import { ALICE, EVE, MALLORY, cardOf, cardText, startBotHarness, type BotHarness } from '../../support/botHarness';

describe('help', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ users: 3 });
  });
  afterEach(async () => h.close());

  it('should show every command on the help card', async () => {
    const reply = await h.say(MALLORY, 'help');
    const text = cardText(cardOf(reply[0]));
    for (const c of [
      'migrate',
      'status',
      'verify',
      'errors',
      'spotcheck <user>',
      'pause',
      'resume',
      'cancel',
      'rollback [batch]',
      'report',
      'help',
    ]) {
      expect(text).toContain(c);
    }
  });

  it('should answer unknown text with help, not silence', async () => {
    const reply = await h.say(ALICE, 'please delete all licenses');
    expect(reply[0].text).toMatch(/I don't know "please"/);
    expect(cardText(cardOf(reply[1]))).toContain('spotcheck <user>');
  });

  it('should treat a bare @mention as a request for help', async () => {
    const mention = { type: 'mention', mentioned: { id: '28:license-bot', name: 'License Bot' }, text: '<at>License Bot</at>' };
    const reply = await h.say(ALICE, '<at>License Bot</at>', { entities: [mention] });
    expect(cardText(cardOf(reply[0]))).toContain('Commands');
  });

  it('should work in a personal chat too', async () => {
    const reply = await h.say(ALICE, 'help', {
      conversation: { id: 'a:personal-chat', conversationType: 'personal', tenantId: ALICE.tenantId } as never,
    });
    expect(cardText(cardOf(reply[0]))).toContain('migrate');
  });

  it('should introduce itself with the help card when added to a team or chat', async () => {
    const before = h.adapter.sent.length;
    await h.adapter.processActivity(
      {
        type: 'conversationUpdate',
        channelId: 'msteams',
        serviceUrl: 'https://smba.example.test/',
        from: { id: `29:${ALICE.aadObjectId}`, name: ALICE.name, aadObjectId: ALICE.aadObjectId },
        recipient: { id: '28:license-bot', name: 'License Bot' },
        conversation: { id: '19:new-team@thread.tacv2', conversationType: 'channel', tenantId: ALICE.tenantId } as never,
        membersAdded: [{ id: '28:license-bot', name: 'License Bot' }],
        channelData: { tenant: { id: ALICE.tenantId }, eventType: 'teamMemberAdded', team: { id: '19:new-team@thread.tacv2' } },
      },
      (c) => h.bot.run(c),
    );
    const welcome = h.adapter.sent.slice(before);
    expect(cardText(cardOf(welcome[0]))).toContain('License Migration Bot');
  });

  it('should refuse users of another tenant, even for help', async () => {
    const reply = await h.say(EVE, 'help');
    expect(reply.map((a) => a.text)).toEqual([expect.stringMatching(/not allowed to use this bot/)]);
  });
});
