import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { startBot, type RunningBot } from '../../src/index';
import { createLogger } from '../../src/logger';
import { ALICE, E3, TENANT } from '../support/botHarness';
import { startHttpBot, type HttpBot } from '../support/httpBot';

function activity(serviceUrl: string, extra: Record<string, unknown>) {
  return {
    channelId: 'msteams',
    serviceUrl,
    id: `a-${Math.random().toString(16).slice(2)}`,
    from: { id: `29:${ALICE.aadObjectId}`, name: ALICE.name, aadObjectId: ALICE.aadObjectId },
    recipient: { id: '28:license-bot', name: 'License Bot' },
    conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...extra,
  };
}

describe('HTTP server (restify + CloudAdapter)', () => {
  let h: HttpBot;
  let bot: RunningBot;
  let connector: HttpBot['connector'];

  beforeAll(async () => {
    h = await startHttpBot();
    ({ bot, connector } = h);
  });
  afterAll(async () => h?.close());

  it('should answer the health probe', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('should reply to a message in local mode through the conversation service', async () => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity(connector.url, { type: 'message', text: 'migrate' })),
    });
    expect(res.status).toBe(200);
    const sent = connector.received.map((r) => r.body);
    const card = sent.flatMap((b) => (b.attachments as { content: Record<string, unknown> }[] | undefined) ?? [])[0]?.content;
    expect(JSON.stringify(card)).toContain('migrate.sku');
    expect(JSON.stringify(card)).toContain(E3);
  });

  it('should post and edit proactively through continueConversationAsync in local mode', async () => {
    const reference = {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id: 'a:personal' } as never,
      bot: { id: '28:license-bot', name: 'License Bot' },
    };
    const before = connector.received.length;
    const id = await bot.services.notifier.post(reference, { type: 'message', text: 'batch finished' });
    expect(id).toMatch(/^reply-/);
    await bot.services.notifier.update(reference, id!, { type: 'message', text: 'batch finished (edited)' });
    const calls = connector.received.slice(before);
    // Posted into the stored conversation (botbuilder addresses it as a reply to the continuation).
    expect(calls[0]).toMatchObject({
      path: expect.stringMatching(/^\/v3\/conversations\/a%3Apersonal\/activities/),
      body: expect.objectContaining({ text: 'batch finished' }),
    });
    expect(calls[1]).toMatchObject({
      path: `/v3/conversations/a%3Apersonal/activities/${id}`,
      body: expect.objectContaining({ text: 'batch finished (edited)' }),
    });
  });

  it('should answer a card action invoke in the HTTP response', async () => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        activity(connector.url, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: { type: 'Action.Execute', verb: 'batch.approve', data: { runId: 'r1', batchId: 'b0', cardVersion: 0, extra: 1 } },
          },
        }),
      ),
    });
    // A refusal is a 200 message: hosts show its text under the card, where an error would show nothing.
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: expect.stringMatching(/unexpected field/),
    });
  });
});

describe('HTTP server with a bot app id', () => {
  it('should reject activities without a valid Bot Framework token', async () => {
    // Keeps the test output clean should botbuilder print anything; intake.test.ts checks the one log line.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const config = loadConfig({
      GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0',
      STORAGE: 'memory:',
      MicrosoftAppId: '00000000-0000-0000-0000-0000000000b0',
      MicrosoftAppPassword: 'not-used',
      MicrosoftAppType: 'MultiTenant',
    });
    const bot = await startBot({ config, port: 0, host: '127.0.0.1', logger: createLogger('silent') });
    try {
      const res = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity('http://127.0.0.1:9/', { type: 'message', text: 'help' })),
      });
      expect(res.status).toBe(401);
    } finally {
      quiet.mockRestore();
      await bot.close();
    }
  });
});

describe('HTTP server probed without POST', () => {
  it('should answer GET, HEAD and OPTIONS on the endpoint without a warning', async () => {
    const lines: { level: number; msg: string; method?: string }[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(String(chunk)));
        cb();
      },
    });
    const config = loadConfig({
      GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0',
      STORAGE: 'memory:',
      ALLOWED_TENANT_IDS: TENANT,
      APPROVER_IDS: ALICE.aadObjectId,
    });
    const bot = await startBot({ config, port: 0, host: '127.0.0.1', logger: createLogger('debug', sink) });
    try {
      const get = await fetch(`${bot.url}/api/messages`);
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toMatch(/POST/);
      expect((await fetch(`${bot.url}/api/messages`, { method: 'HEAD' })).status).toBe(405);
      const options = await fetch(`${bot.url}/api/messages`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toMatch(/POST/);
    } finally {
      await bot.close();
    }
    const pinoWarn = 40;
    expect(lines.filter((l) => l.level >= pinoWarn)).toEqual([]);
    expect(lines.filter((l) => l.msg === 'endpoint probe').map((l) => l.method)).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });
});
