import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Teams' own locale, for the end-to-end test only. Teams sends the language of the person who acts
 * as `activity.locale` (and in the `clientInfo` entity); Agents Playground 0.2.x writes `"en-US"` there on every
 * activity it generates (messages, card clicks, installation updates) and has no option, environment variable or
 * config key to change it (see PLAYGROUND.md). This proxy sits between the Playground and the bot's
 * /api/messages: on each JSON activity it forwards it sets `locale` and every `clientInfo` entity's `locale` to
 * the test's language, and changes nothing else. Everything else passes through as it is: other requests,
 * request headers, and the bot's responses (status, headers and body, invoke responses included).
 */
export interface LocaleProxy {
  /** The bot's endpoint as seen through the proxy (same path, the proxy's port). */
  endpoint: string;
  close(): Promise<void>;
}

interface ActivityLike {
  locale?: unknown;
  entities?: Array<{ type?: unknown; locale?: unknown }>;
}

/** The activity with Teams' locale fields set to `locale`; undefined when the body is not a JSON activity. */
export function withLocale(body: Buffer, locale: string): Buffer | undefined {
  let activity: unknown;
  try {
    activity = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!activity || typeof activity !== 'object' || Array.isArray(activity) || typeof (activity as { type?: unknown }).type !== 'string')
    return undefined;
  const a = activity as ActivityLike;
  a.locale = locale;
  if (Array.isArray(a.entities)) for (const e of a.entities) if (e && e.type === 'clientInfo') e.locale = locale;
  return Buffer.from(JSON.stringify(a), 'utf8');
}

/** Starts the proxy on a free loopback port in front of `botEndpoint` (e.g. http://127.0.0.1:3978/api/messages). */
export async function startLocaleProxy(botEndpoint: string, locale: string): Promise<LocaleProxy> {
  const target = new URL(botEndpoint);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const original = Buffer.concat(chunks);
      const isJson = /^application\/json\b/i.test(req.headers['content-type'] ?? '');
      const body = (req.method === 'POST' && isJson && withLocale(original, locale)) || original;
      const headers = { ...req.headers, host: target.host };
      // The body was read whole (and may have changed length): send it with its length rather than chunked.
      if (body.length > 0 || headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) {
        delete headers['transfer-encoding'];
        headers['content-length'] = String(body.length);
      }
      const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (botRes) => {
        res.writeHead(botRes.statusCode ?? 502, botRes.statusMessage, botRes.headers);
        botRes.pipe(res);
      });
      upstream.on('error', (err) => {
        // As the Playground would see a bot that is down: no answer from the endpoint.
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`locale proxy: ${err.message}`);
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}${target.pathname}${target.search}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
