import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createLicensingGraph } from '../../src/graph';
import { GraphRequestError } from '../../src/graph/types';

const GROUP = '00000000-0000-0c01-0000-000000000001';
const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';

/**
 * A Graph front end whose idle timeout runs out while the client is busy: a request that arrives on a connection
 * kept alive from an earlier one finds it closed, and so are the other idle connections. (The simulator closes idle
 * connections after 5 s; this server does it on the next request, so the test needs no waiting.) Writes are never
 * answered: the connection breaks with the write in flight.
 */
async function startClosingServer() {
  const arrived: string[] = [];
  const served = new Map<Socket, number>();
  let closedOnArrival = 0;
  const server = http.createServer((req, res) => {
    arrived.push(`${req.method} ${req.url?.split('?')[0]}`);
    const before = served.get(req.socket) ?? 0;
    if (before > 0 || req.method !== 'GET') {
      if (req.method === 'GET') closedOnArrival++;
      for (const s of served.keys()) s.destroy();
      req.socket.destroy();
      return;
    }
    served.set(req.socket, before + 1);
    req.socket.once('close', () => served.delete(req.socket));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: GROUP, displayName: 'All users', securityEnabled: true, mailEnabled: false, groupTypes: [] }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrived,
    closedOnArrival: () => closedOnArrival,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('LicensingGraph on a kept-alive connection the server has closed', () => {
  it('should send a read again on a new connection, and never a write', async () => {
    const server = await startClosingServer();
    try {
      const graph = createLicensingGraph({ baseUrl: `${server.url}/v1.0`, auth: 'none', concurrency: 1, retryDelaySeconds: 0 });
      for (let i = 0; i < 6; i++) expect(await graph.getGroup(GROUP)).toMatchObject({ id: GROUP, displayName: 'All users' });
      // Some reads went out on a connection already closed and were read again on a new one.
      expect(server.closedOnArrival()).toBeGreaterThan(0);
      expect(server.arrived).toHaveLength(6 + server.closedOnArrival());

      server.arrived.length = 0;
      const write = graph.assignGroupLicense(GROUP, [{ skuId: E3, disabledPlans: [] }], []);
      await expect(write).rejects.toBeInstanceOf(GraphRequestError);
      await expect(write).rejects.toMatchObject({ failure: { kind: 'timeout' } });
      expect(server.arrived).toEqual([`POST /v1.0/groups/${GROUP}/assignLicense`]);
    } finally {
      await server.close();
    }
  });
});
