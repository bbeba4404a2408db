import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for the Bot Connector service: records what the bot sends to the conversation. */
export async function startFakeConnector(): Promise<{
  url: string;
  received: { path: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}> {
  const received: { path: string; body: Record<string, unknown> }[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: data ? JSON.parse(data) : {} });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${++n}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, received, close: () => new Promise((r) => server.close(() => r())) };
}
