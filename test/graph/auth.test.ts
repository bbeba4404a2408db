import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createLicensingGraph } from '../../src/graph/graphLicensing';
import { GRAPH_SCOPE } from '../../src/graph/transport';
import { GraphRequestError } from '../../src/graph/types';
import { E3 } from '../support/constants';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOi.secret-token-value';
const USER = '00000000-0000-0033-0000-000000000001';

class FakeCredential implements TokenCredential {
  scopes: string[] = [];
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.scopes.push(...[scopes].flat());
    return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

/** An HTTP stub for graph.microsoft.com: any URL it was not told about fails the test loudly. */
function stubGraph(routes: Record<string, () => Response>) {
  const seen: { url: string; authorization: string | null }[] = [];
  const stub: typeof fetch = async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    seen.push({ url: req.url, authorization: req.headers.get('authorization') });
    const route = routes[`${req.method} ${req.url}`];
    if (!route) throw new Error(`unexpected request ${req.method} ${req.url}`);
    return route();
  };
  return { stub, seen };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('LicensingGraph with an app credential (stubbed Graph over https)', () => {
  it('should send a bearer token for the Graph .default scope to the Graph host', async () => {
    const credential = new FakeCredential();
    const select = 'id,userPrincipalName,displayName,usageLocation,accountEnabled,assignedLicenses,licenseAssignmentStates';
    const { stub, seen } = stubGraph({
      [`GET https://graph.microsoft.com/v1.0/users/${USER}?$select=${encodeURIComponent(select)}`]: () =>
        json({ id: USER, userPrincipalName: 'a@contoso.example', usageLocation: 'NL', assignedLicenses: [], licenseAssignmentStates: [] }),
    });
    const graph = createLicensingGraph({ baseUrl: 'https://graph.microsoft.com/v1.0', auth: 'clientSecret', credential, fetch: stub });
    expect(await graph.getUser(USER)).toMatchObject({ id: USER, usageLocation: 'NL' });
    expect(seen[0].authorization).toBe(`Bearer ${TOKEN}`);
    expect(credential.scopes).toEqual([GRAPH_SCOPE]);
  });

  it('should refuse to follow a nextLink to another host, so the token never leaves Graph', async () => {
    const { stub, seen } = stubGraph({
      'GET https://graph.microsoft.com/v1.0/subscribedSkus': () =>
        json({ value: [], '@odata.nextLink': 'https://evil.example/v1.0/subscribedSkus?$skiptoken=x' }),
    });
    const graph = createLicensingGraph({
      baseUrl: 'https://graph.microsoft.com/v1.0',
      auth: 'managedIdentity',
      credential: new FakeCredential(),
      fetch: stub,
    });
    const err = await graph.listSkus().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect((err as GraphRequestError).failure.message).toMatch(/leaves the Graph endpoint/);
    expect(seen.map((s) => new URL(s.url).host)).toEqual(['graph.microsoft.com']);
  });

  it('should map a 403 to forbidden and never write the token or payloads to the log', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged += String(chunk);
        done();
      },
    });
    const logger = pino({ level: 'trace' }, sink);
    const { stub } = stubGraph({
      'POST https://graph.microsoft.com/v1.0/$batch': () =>
        json({
          responses: [
            { id: '0', status: 200, headers: {}, body: { id: USER, userPrincipalName: 'private@contoso.example' } },
            {
              id: '1',
              status: 403,
              headers: {},
              body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } },
            },
          ],
        }),
    });
    const graph = createLicensingGraph({
      baseUrl: 'https://graph.microsoft.com/v1.0',
      auth: 'certificate',
      credential: new FakeCredential(),
      fetch: stub,
      logger,
    });
    const results = await graph.removeDirectLicense(E3, [USER, '00000000-0000-0033-0000-000000000002']);
    expect(results.map((r) => (r.ok ? 'ok' : r.failure.kind))).toEqual(['ok', 'forbidden']);
    expect(logged).toContain('remove direct license');
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain('private@contoso.example');
  });
});
