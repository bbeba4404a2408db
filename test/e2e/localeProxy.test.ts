/**
 * The e2e's locale proxy against a real HTTP server standing for the bot: it changes Teams' locale fields of the
 * activities it forwards and nothing else, in either direction.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocaleProxy, type LocaleProxy } from './localeProxy';

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('locale proxy between the Playground and the bot', () => {
  let bot: http.Server;
  let proxy: LocaleProxy;
  let seen: Seen[];

  beforeAll(async () => {
    seen = [];
    bot = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        // Not chained on writeHead: restify (the bot's server, loaded in this process by the Playground test) patches
        // ServerResponse.prototype.writeHead, and its version returns nothing.
        if (req.method !== 'POST') {
          res.writeHead(405, { allow: 'POST' });
          res.end();
          return;
        }
        // An invoke response as the bot gives it: a status, its own headers and a JSON body.
        res.writeHead(200, { 'content-type': 'application/json', 'x-bot': 'yes' });
        res.end(JSON.stringify({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { message: 'Kies een groep' } }));
      });
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    proxy = await startLocaleProxy(`http://127.0.0.1:${(bot.address() as AddressInfo).port}/api/messages`, 'nl-NL');
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => bot.close(() => resolve()));
  });

  beforeEach(() => {
    seen = [];
  });

  it('should set activity.locale and the clientInfo locale of a forwarded activity and keep everything else', async () => {
    const activity = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      locale: 'en-US',
      from: { id: 'user-id-0', aadObjectId: '0000a11e-0000-4000-8000-000000000001' },
      value: { action: { type: 'Action.Execute', verb: 'approve', data: { runId: 'r1', note: 'Pick en-US' } } },
      entities: [
        { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Amsterdam' },
        { type: 'mention', text: '<at>Bot</at>' },
      ],
    };
    const res = await fetch(proxy.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer x' },
      body: JSON.stringify(activity),
    });

    expect(proxy.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/messages$/);
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe('/api/messages');
    expect(seen[0].headers.authorization).toBe('Bearer x');
    expect(JSON.parse(seen[0].body)).toEqual({
      ...activity,
      locale: 'nl-NL',
      entities: [{ ...activity.entities[0], locale: 'nl-NL' }, activity.entities[1]],
    });
    expect(Number(seen[0].headers['content-length'])).toBe(Buffer.byteLength(seen[0].body));

    expect(res.status).toBe(200);
    expect(res.headers.get('x-bot')).toBe('yes');
    expect(await res.json()).toEqual({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { message: 'Kies een groep' } });
  });

  it("should pass the Playground's probe and a body that is not an activity through unchanged", async () => {
    const probe = await fetch(proxy.endpoint, { method: 'GET' });
    expect(probe.status).toBe(405);
    expect(probe.headers.get('allow')).toBe('POST');

    const text = '{"locale":"en-US"}';
    await fetch(proxy.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    expect(seen.map((s) => [s.method, s.body])).toEqual([
      ['GET', ''],
      ['POST', text],
    ]);
  });
});
