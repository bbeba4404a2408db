import { gzipSync } from 'node:zlib';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { ALICE, TENANT } from '../support/botHarness';
import { startHttpBot, type HttpBot } from '../support/httpBot';

// What reaches POST /api/messages before botbuilder: bounded, uncompressed JSON activities from Teams only.
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

describe('POST /api/messages admits only bounded, well-formed Teams activities', () => {
  let h: HttpBot;
  const activity = (extra: Record<string, unknown> = {}) => ({
    type: 'message',
    text: 'help',
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    from: { id: `29:${ALICE.aadObjectId}`, aadObjectId: ALICE.aadObjectId },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...extra,
  });
  const post = (body: string | Blob, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${h.bot.url}/api/messages`, { method: 'POST', headers, body });

  beforeAll(async () => {
    h = await startHttpBot();
  });
  afterAll(async () => h?.close());

  it('should answer a well-formed activity', async () => {
    expect((await post(JSON.stringify(activity()))).status).toBe(200);
  });

  it('should refuse a body over 256 KB with 413, without reading it all', async () => {
    const res = await post(JSON.stringify(activity({ text: 'x'.repeat(300 * 1024) })));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PayloadTooLarge' });
  });

  it('should refuse a compressed body and anything but JSON with 415', async () => {
    const gz = await post(new Blob([new Uint8Array(gzipSync(JSON.stringify(activity())))]), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(gz.status).toBe(415);
    const form = await post('type=message', { 'content-type': 'multipart/form-data; boundary=x' });
    expect(form.status).toBe(415);
  });

  it.each([
    ['no type', { type: undefined }, /type/],
    ['a serviceUrl that is not a string', { serviceUrl: 12345 }, /serviceUrl/],
    ['another channel', { channelId: 'webchat' }, /msteams/],
    ['tenant fields that disagree', { channelData: { tenant: { id: OTHER_TENANT } } }, /disagree/],
    ['no conversation', { conversation: undefined }, /conversation/],
  ])('should answer an activity with %s with 400 and the reason', async (_what, patch, reason) => {
    const res = await post(JSON.stringify(activity(patch)));
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(reason);
  });

  it('should answer bad JSON and prototype-pollution keys with 400', async () => {
    expect((await post('{"type":')).status).toBe(400);
    const poisoned = JSON.stringify(activity()).replace('"type":"message"', '"type":"message","__proto__":{"isAdmin":true}');
    const res = await post(poisoned);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('an authentication failure', () => {
  it('is answered 401 and logged as one structured line, with no stack and no token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const errors: unknown[] = [];
    const consoleError = jest.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args));
    const h = await startHttpBot({
      env: {
        MicrosoftAppId: '44444444-4444-4444-8444-444444444444',
        MicrosoftAppPassword: 'app-password',
        MicrosoftAppType: 'MultiTenant',
      },
      logger: createLogger('info', sink),
    });
    try {
      const token = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.forged';
      const res = await fetch(`${h.bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          type: 'message',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:9/',
          from: { id: '29:x' },
          conversation: { id: 'a:x' },
        }),
      });
      expect(res.status).toBe(401);
      const refused = lines.filter((l) => l.includes('authenticationFailed'));
      expect(refused).toHaveLength(1);
      expect(JSON.parse(refused[0])).toMatchObject({ event: 'authenticationFailed', msg: 'request refused: authentication' });
      expect(lines.join('\n')).not.toContain(token);
      expect(lines.join('\n')).not.toMatch(/\n\s+at /);
      expect(errors).toEqual([]);
    } finally {
      consoleError.mockRestore();
      await h.close();
    }
  });
});
