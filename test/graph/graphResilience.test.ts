import { GraphRequestError } from '../../src/graph/types';
import { sleep, startHarness, type Harness } from '../support/graphHarness';
import { E3, PLANS, SALES, smallTenant, u } from '../support/graphFixture';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => u(from + i));

/** The simulator's control plane (triggers), answered as JSON or null. */
const simControl = (h: Harness, method: string, path: string, body?: unknown) =>
  fetch(`${h.url}/_sim${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((r) => r.json().catch(() => null));

describe('LicensingGraph under throttling, faults and dropped responses', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(smallTenant());
  });
  afterEach(async () => {
    await h.behave({
      faults: { rate429: 0, rate503: 0, rateTimeout: 0 },
      latencyMs: 0,
      throttle: { requestsPerSecond: null, writeRequestsPerSecond: null },
    });
  });
  afterAll(async () => h?.close());

  it('should retry a 429 with Retry-After in the SDK middleware until the call succeeds', async () => {
    await h.behave({ throttle: { requestsPerSecond: 2 } });
    const before = await h.stats();
    const users = await Promise.all(range(8, 13).map((id) => h.graph.getUser(id)));
    expect(users.map((x) => x?.id)).toEqual(range(8, 13));
    const after = await h.stats();
    expect(after.throttled).toBeGreaterThan(before.throttled);
    // Each throttled read was sent again: more requests than calls.
    expect(after.total - before.total).toBeGreaterThan(6);
  });

  it('should retry a 503 in the SDK middleware', async () => {
    const before = await h.stats();
    await h.behave({ faults: { rate503: 1 } });
    const read = h.graph.getUser(u(9));
    // Let at least one attempt meet the 503, then let the service recover.
    for (let i = 0; i < 100 && (await h.stats()).serverErrors === before.serverErrors; i++) await sleep(20);
    await h.behave({ faults: { rate503: 0 } });
    expect((await read)?.id).toBe(u(9));
    expect((await h.stats()).serverErrors).toBeGreaterThan(before.serverErrors);
  });

  it('should give up after the retry budget with a named failure, not hang', async () => {
    await h.behave({ faults: { rate503: 1 } });
    const impatient = h.client({ maxRetries: 1 });
    const err = await impatient.getUser(u(9)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect((err as GraphRequestError).failure.kind).toBe('unavailable');
  });

  it('should resend only the items answered 429 inside a $batch, after their Retry-After', async () => {
    await h.behave({ throttle: { writeRequestsPerSecond: 10 } });
    const ids = range(14, 33);
    const before = await h.stats();
    const results = await h.graph.addDirectLicense(ids.map((userId) => ({ userId, license: { skuId: E3, disabledPlans: [PLANS.teams] } })));
    expect(results.map((r) => (r.ok ? 'ok' : r.failure.kind))).toEqual(ids.map(() => 'ok'));
    const after = await h.stats();
    expect(after.throttled).toBeGreaterThan(before.throttled);
    const key = Object.keys(after.requests).find((k) => k.startsWith('POST') && k.includes('assignLicense'));
    expect(key).toBeDefined();
    // Every item succeeded exactly once; extra attempts came only from throttled answers, never a resent success.
    const attempts = (after.requests[key!] ?? 0) - (before.requests[key!] ?? 0);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThanOrEqual(20 + (after.throttled - before.throttled));
    const u14 = await h.graph.getUser(u(14));
    expect(u14?.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [PLANS.teams] }]);
  });

  it('should surface throttled items as throttled once the item attempts are used up', async () => {
    await h.behave({ throttle: { writeRequestsPerSecond: 1 } });
    const stingy = h.client({ batch: { maxItemAttempts: 1 } });
    const results = await stingy.addDirectLicense(range(34, 40).map((userId) => ({ userId, license: { skuId: E3, disabledPlans: [] } })));
    const throttled = results.filter((r) => !r.ok && r.failure.kind === 'throttled');
    expect(throttled.length).toBeGreaterThan(0);
    const t = throttled[0];
    if (!t.ok) expect(t.failure.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('should turn a dropped response into a timeout failure promptly', async () => {
    await h.behave({ faults: { rateTimeout: 1 } });
    const quick = h.client({ requestTimeoutMs: 300 });
    const err = await quick.getUser(u(10)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect((err as GraphRequestError).failure.kind).toBe('timeout');
  });

  it('should give up on a response that never comes and call it a timeout', async () => {
    await h.behave({ latencyMs: 3000 });
    const quick = h.client({ requestTimeoutMs: 200 });
    const err = await quick.getUser(u(10)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect((err as GraphRequestError).failure).toMatchObject({
      kind: 'timeout',
      message: expect.stringContaining('no response within 200 ms'),
    });
  });

  it('should report every item of a $batch whose response was dropped as timeout, though the change was made', async () => {
    await h.graph.assignGroupLicense(SALES, [{ skuId: E3, disabledPlans: [PLANS.forms] }], []);
    for (let i = 0; i < 100 && (await h.graph.getGroup(SALES))?.licenseProcessingState !== 'ProcessingComplete'; i++) await sleep(50);
    await h.behave({ faults: { rateTimeout: 1 } });
    const quick = h.client({ requestTimeoutMs: 300 });
    const results = await quick.removeDirectLicense(E3, [u(2), u(3)]);
    expect(results.map((r) => (r.ok ? 'ok' : r.failure.kind))).toEqual(['timeout', 'timeout']);
    await h.behave({ faults: { rateTimeout: 0 } });
    // The simulator applied the removal before dropping the answer: callers must re-read, not assume.
    const u2 = await h.graph.getUser(u(2));
    expect(u2?.licenseAssignmentStates.filter((s) => s.assignedByGroup === null)).toEqual([]);
  });

  it('should never resend a user license write answered 504 or 502, as an item or as a whole $batch, yet resend reads', async () => {
    // Item level: applied, then answered 504.
    await simControl(h, 'POST', '/triggers', {
      method: 'POST',
      path: `/users/${u(40)}/assignLicense`,
      respond: { status: 504, applied: true },
    });
    const counter = await simControl(h, 'POST', '/triggers', { method: 'POST', path: `/users/${u(40)}/assignLicense`, times: 10 });
    const [item] = await h.graph.addDirectLicense([{ userId: u(40), license: { skuId: E3, disabledPlans: [] } }]);
    expect(item).toMatchObject({ ok: false, failure: { kind: 'unavailable', status: 504 } });
    const { triggers } = await simControl(h, 'GET', '/triggers');
    expect(triggers.find((t: { id: number }) => t.id === counter.id).fired).toBe(0);
    expect((await h.graph.getUser(u(40)))?.licenseAssignmentStates.some((s) => s.assignedByGroup === null)).toBe(true);
    // A read answered 502 is simply read again.
    await simControl(h, 'POST', '/triggers', { method: 'GET', path: `/users/${u(41)}`, respond: { status: 502, applied: false } });
    const [read] = await h.graph.getUsers([u(41)]);
    expect(read.ok).toBe(true);
    await simControl(h, 'DELETE', '/triggers');

    // Request level: a gateway in front of Graph answers 504 for a $batch of writes that Graph applied.
    const envelopes: string[] = [];
    let answered = false;
    const gateway: typeof fetch = async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      const res = await fetch(req.clone());
      if (!req.url.endsWith('/$batch')) return res;
      const body = await req.text();
      envelopes.push(body.includes('assignLicense') ? 'writes' : 'reads');
      if (answered) return res;
      answered = true;
      return new Response('{"error":{"code":"GatewayTimeout","message":"gateway timeout"}}', {
        status: 504,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const behindGateway = h.client({ fetch: gateway, maxRetries: 3 });
    const results = await behindGateway.removeDirectLicense(E3, [u(40)]);
    expect(results.map((r) => (r.ok ? 'ok' : r.failure.kind))).toEqual(['unavailable']);
    expect(envelopes).toEqual(['writes']);
    expect((await h.graph.getUser(u(40)))?.licenseAssignmentStates.some((s) => s.assignedByGroup === null)).toBe(false);
    answered = false;
    envelopes.length = 0;
    const reads = await behindGateway.getUsers([u(40)]);
    expect(reads.map((r) => r.ok)).toEqual([true]);
    expect(envelopes).toEqual(['reads', 'reads']);
  });

  it('should not resend a throttled removal once the caller says it may no longer write (its lease is gone)', async () => {
    const direct = async () => (await h.graph.getUser(u(44)))?.licenseAssignmentStates.some((s) => s.assignedByGroup === null);
    await h.graph.addDirectLicense([{ userId: u(44), license: { skuId: E3, disabledPlans: [] } }]);
    expect(await direct()).toBe(true);
    await simControl(h, 'POST', '/triggers', {
      method: 'POST',
      path: `/users/${u(44)}/assignLicense`,
      respond: { status: 503, applied: false },
    });
    const counter = await simControl(h, 'POST', '/triggers', { method: 'POST', path: `/users/${u(44)}/assignLicense`, times: 10 });
    let sends = 0;
    const call = h.graph.removeDirectLicense(E3, [u(44)], {
      beforeSend: () => {
        if (++sends > 1) throw new Error('lease lost');
      },
    });
    await expect(call).rejects.toThrow('lease lost');
    expect(sends).toBe(2);
    const { triggers } = await simControl(h, 'GET', '/triggers');
    expect(triggers.find((t: { id: number }) => t.id === counter.id).fired).toBe(0);
    expect(await direct()).toBe(true);
    await simControl(h, 'DELETE', '/triggers');
  });

  it('should keep requests in flight within the concurrency limit', async () => {
    await h.behave({ latencyMs: 40 });
    const limited = h.client({ concurrency: 3 });
    h.resetMaxInFlight();
    const reads = range(8, 27).map((id) => limited.getUser(id));
    const batch = limited.getUsers(range(8, 60));
    const users = await Promise.all(reads);
    expect(users.every((x) => x !== null)).toBe(true);
    expect((await batch).every((r) => r.ok)).toBe(true);
    expect(h.maxInFlight()).toBe(3);
  });
});
