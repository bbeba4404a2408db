// A stand-in for the Bot Connector service: the bot's replies and proactive messages in local mode go
// to the activity's serviceUrl, so pointing serviceUrl here lets the bench see (and time) every Teams
// operation the bot would have made.
import http from 'node:http';

export interface ConnectorOp {
  /** performance.now() when the request arrived. */
  at: number;
  kind: 'send' | 'reply' | 'update' | 'createConversation';
  conversationId: string;
  /** The id the connector answered with (send/reply/create) or the edited activity's id. */
  activityId: string;
  /** For replies: the activity answered (path segment), else the body's replyToId. */
  replyToId?: string;
  activity: Record<string, unknown>;
}

export interface FakeConnector {
  url: string;
  ops: ConnectorOp[];
  /** Resolves with the first operation (already received or future) that matches. */
  waitFor(match: (op: ConnectorOp) => boolean, timeoutMs?: number): Promise<ConnectorOp>;
  close(): Promise<void>;
}

const ACTIVITY = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/** Starts the fake connector on a free port of 127.0.0.1. */
export async function startFakeConnector(): Promise<FakeConnector> {
  const ops: ConnectorOp[] = [];
  const waiters: { match: (op: ConnectorOp) => boolean; resolve: (op: ConnectorOp) => void }[] = [];
  let next = 1;

  const record = (op: ConnectorOp) => {
    ops.push(op);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].match(op)) waiters.splice(i, 1)[0].resolve(op);
    }
  };

  const server = http.createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        return answer(res, 400, { error: { code: 'BadArgument', message: 'body is not JSON' } });
      }
      const path = decodeURIComponent((req.url ?? '').split('?')[0]);
      if (req.method === 'POST' && path === '/v3/conversations') {
        const conversationId = `bench-conversation-${next++}`;
        const activityId = `bench-activity-${next++}`;
        record({ at, kind: 'createConversation', conversationId, activityId, activity: body });
        return answer(res, 201, { id: conversationId, activityId });
      }
      const m = ACTIVITY.exec(path);
      if (m && req.method === 'POST') {
        const activityId = `bench-activity-${next++}`;
        const replyToId = m[2] ?? (body.replyToId as string | undefined);
        record({ at, kind: m[2] ? 'reply' : 'send', conversationId: m[1], activityId, replyToId, activity: body });
        return answer(res, 200, { id: activityId });
      }
      if (m && m[2] && req.method === 'PUT') {
        record({ at, kind: 'update', conversationId: m[1], activityId: m[2], activity: body });
        return answer(res, 200, { id: m[2] });
      }
      answer(res, 404, { error: { code: 'NotFound', message: `${req.method} ${path} is not a connector operation` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    ops,
    waitFor(match, timeoutMs = 60_000) {
      const found = ops.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<ConnectorOp>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (op: ConnectorOp) => {
            clearTimeout(timer);
            resolve(op);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching connector operation within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The largest number of operations inside any window of `windowMs` (timestamps in ms, any order). */
export function maxInWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi] - t[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
