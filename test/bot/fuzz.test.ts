import type { RunningBot } from '../../src/index';
import type { Run } from '../../src/migration/types';
import type { RunningSimulator } from '../../src/sim';
import { E3, TENANT } from '../support/botHarness';
import { startHttpBot, type HttpBot } from '../support/httpBot';
import { outcomesOf, usersOf } from '../support/runState';

// 1,200 hostile or broken requests against a running bot whose run waits for its canary approval. The approver
// never speaks: whatever arrives, nothing may be approved, removed or crash the process.
const APPROVER = 'a9900000-0000-4000-8000-0000000000aa';
const REQUESTER = 'a11ce000-0000-4000-8000-000000000001';
const MALLORY = 'cc110000-0000-4000-8000-000000000003';
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';
// FUZZ_REQUESTS=n runs a shorter or longer round by hand.
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1200);

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('fuzzing POST /api/messages', () => {
  let h: HttpBot;
  let sim: RunningSimulator;
  let bot: RunningBot;
  let connector: HttpBot['connector'];
  let run: Run;

  beforeAll(async () => {
    h = await startHttpBot({ users: 8, env: { APPROVER_IDS: APPROVER, FOUR_EYES: 'true' }, pollIntervalMs: 25 });
    ({ sim, bot, connector } = h);
    const engine = bot.services.engine;
    const created = await engine.createRun({
      requestedBy: REQUESTER,
      tenantId: TENANT,
      skuId: 'ENTERPRISEPACK',
      group: { id: '00000000-0000-0101-0000-000000000001' },
    });
    await engine.prepare(created.id);
    await engine.verify(created.id);
    run = await engine.planBatches(created.id, { canarySize: 2, growthFactor: 2, maxBatchSize: 4 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`answers ${REQUESTS} generated requests within 5 s each, never with a 5xx, and changes nothing`, async () => {
    const rnd = random(20261201);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const caseAltered = (id: string) => [...id].map((c) => (rnd() < 0.5 ? c.toUpperCase() : c)).join('');
    const [canary, second, last] = [run.batches[0], run.batches[1], run.batches[run.batches.length - 1]];
    const strings = [
      '',
      ' ',
      'x'.repeat(5000),
      'ü漢字🙂\u0000\u202e',
      '<script>alert(1)</script>',
      '[click](https://evil.example)',
      '%00',
      '../../etc/passwd',
      'null',
      '{}',
    ];
    const anything = () =>
      pick<unknown>([null, 0, -1, 1e308, true, [], {}, pick(strings), { nested: { deep: [1, 2, 3] } }, 'ENTERPRISEPACK']);
    const verbs = [
      'batch.approve',
      'batch.reject',
      'run.pause',
      'run.resume',
      'run.cancel',
      'run.rollback',
      'migrate.confirm',
      'migrate.sku',
      'migrate.group',
      'errors.page',
      'batch.forceRun',
      '',
    ];
    const cardData = () =>
      pick<Record<string, unknown>>([
        { runId: run.id, batchId: canary.id, cardVersion: 0 },
        { runId: run.id, batchId: last.id, cardVersion: 0 },
        { runId: run.id, batchId: second.id, cardVersion: 0 },
        { runId: caseAltered(run.id), batchId: canary.id.toUpperCase(), cardVersion: 0 },
        { runId: run.id, batchId: canary.id, cardVersion: -1, approvedBy: APPROVER, quorum: 0 },
        { runId: run.id, page: 9_999_999 },
        { runId: 'no-such-run', batchId: 'b0', cardVersion: 0 },
        { skuId: E3, groupId: '', newGroupName: pick(strings) },
        { runId: run.id, batchId: canary.id, cardVersion: anything() },
        anything() as Record<string, unknown>,
      ]);
    const template = (): Record<string, unknown> => {
      const who = pick([REQUESTER, MALLORY, caseAltered(REQUESTER), caseAltered(MALLORY), 'not-a-guid', '']);
      const tenant = pick([TENANT, TENANT, TENANT.toUpperCase(), OTHER_TENANT]);
      const base: Record<string, unknown> = {
        channelId: pick(['msteams', 'msteams', 'msteams', 'webchat', 'MSTEAMS']),
        serviceUrl: pick<unknown>([connector.url, connector.url, connector.url, 'http://127.0.0.1:9/', 12345, 'not a url', '']),
        id: `fuzz-${Math.floor(rnd() * 1e9)}`,
        from: { id: `29:${who}`, name: pick(strings), aadObjectId: who },
        recipient: { id: '28:bot' },
        conversation: {
          id: pick(['19:fuzz@thread.tacv2', 'a:personal', '']),
          conversationType: pick(['channel', 'personal', 'groupChat']),
          tenantId: tenant,
        },
        channelData: { tenant: { id: pick([tenant, tenant, OTHER_TENANT]) } },
      };
      const kind = rnd();
      if (kind < 0.35)
        return {
          ...base,
          type: 'message',
          text: pick([
            'migrate',
            'pause',
            'resume',
            'cancel',
            'rollback',
            'rollback 1',
            'report',
            'status',
            'verify',
            'errors',
            `spotcheck ${pick(strings)}`,
            'spotcheck user000001@contoso.onmicrosoft.com',
            ...strings,
          ]),
        };
      if (kind < 0.85)
        return {
          ...base,
          type: 'invoke',
          name: pick(['adaptiveCard/action', 'adaptiveCard/action', 'task/fetch', 'composeExtension/query', pick(strings)]),
          value: { action: { type: 'Action.Execute', verb: pick(verbs), data: cardData() } },
        };
      return { ...base, type: pick(['conversationUpdate', 'messageReaction', 'typing', 'event', pick(strings)]) };
    };
    const mutate = (a: Record<string, unknown>): Record<string, unknown> => {
      const keys = Object.keys(a);
      const roll = rnd();
      if (roll < 0.15) delete a[pick(keys)];
      else if (roll < 0.3) a[pick(keys)] = anything();
      else if (roll < 0.35) a.text = 'y'.repeat(Math.floor(rnd() * 200_000));
      return a;
    };
    const body = (a: Record<string, unknown>) => {
      const json = JSON.stringify(a);
      return rnd() < 0.05
        ? json.replace('{', '{"__proto__":{"polluted":true},')
        : rnd() < 0.03
          ? json.slice(0, Math.floor(json.length / 2))
          : json;
    };

    const statuses = new Map<number, number>();
    let slowest = 0;
    const send = async () => {
      const started = Date.now();
      const sent = body(mutate(template()));
      const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sent });
      await res.arrayBuffer();
      slowest = Math.max(slowest, Date.now() - started);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    };
    for (let i = 0; i < REQUESTS; i += 8) await Promise.all(Array.from({ length: Math.min(8, REQUESTS - i) }, send));
    await bot.bot.runner.whenIdle().catch(() => undefined);

    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(REQUESTS);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(slowest).toBeLessThan(5000);
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const after = (await bot.services.engine.getRun(run.id))!;
    expect(after.status).toBe(run.status);
    expect(after.batches.map((b) => ({ id: b.id, status: b.status, approvals: b.approvals }))).toEqual(
      run.batches.map((b) => ({ id: b.id, status: b.status, approvals: b.approvals })),
    );
    expect(await outcomesOf(bot.services.engine, run.id)).toEqual([]);
    expect(after.batches.map((b) => b.tally)).toEqual(run.batches.map(() => ({ removed: 0, skipped: 0, failed: 0, restored: 0 })));
    for (const b of run.batches)
      for (const id of await usersOf(bot.services.engine, run, b)) {
        const user = await bot.services.graph.getUser(id);
        expect(user!.licenseAssignmentStates.some((s) => s.skuId === E3 && s.assignedByGroup === null)).toBe(true);
      }
    expect(sim.invariants()).toEqual([]);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 120_000);
});
