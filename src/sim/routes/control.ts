import { badRequest, type SimResponse } from '../errors';
import type { Simulator } from '../server';
import { prepareGroupMutation, prepareSkuMutation, prepareUserMutation } from '../hooks';
import { noContent, ok } from '../views';

export interface ControlRoute {
  method: string;
  regex: RegExp;
  handler: (params: string[], body: unknown) => SimResponse;
}

/**
 * The control plane (/_sim/...): inspection (invariants, stats, health), run-time behaviour changes,
 * the legacy automation switch, test hooks that change a user or a group as someone else would, and
 * triggers that script races and uncertain answers for the next matching Graph requests.
 */
export function controlRoutes(sim: Simulator): ControlRoute[] {
  const s = sim.state;
  const t = s.tenant;
  const obj = (body: unknown): Record<string, unknown> => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('A JSON object body is required.');
    return body as Record<string, unknown>;
  };
  return [
    {
      method: 'GET',
      regex: /^\/health\/?$/,
      handler: () =>
        ok({
          status: 'ok',
          users: t.userList.length,
          groups: t.groupList.length,
          skus: t.skuList.length,
          processingGroups: s.processor.busy(),
          processingMemberships: s.membership.busy(),
        }),
    },
    { method: 'GET', regex: /^\/invariants\/?$/, handler: () => ok({ violations: s.invariants.violations }) },
    {
      method: 'GET',
      regex: /^\/removals\/?$/,
      handler: () => {
        const { applied, writes, refused } = s.tenant.removals;
        const repeated: { userId: string; skuId: string; count: number }[] = [];
        const bySku: Record<string, number> = {};
        for (const [userId, skus] of applied)
          for (const [skuId, count] of skus) {
            bySku[skuId] = (bySku[skuId] ?? 0) + count;
            if (count > 1) repeated.push({ userId, skuId, count });
          }
        const total = Object.values(bySku).reduce((a, b) => a + b, 0);
        return ok({ applied: total, users: applied.size, writes, bySku, repeated, refusedNotAssigned: refused });
      },
    },
    { method: 'GET', regex: /^\/stats\/?$/, handler: () => ok(s.stats.snapshot()) },
    {
      method: 'POST',
      regex: /^\/stats\/reset\/?$/,
      handler: () => {
        s.stats.reset();
        return noContent();
      },
    },
    { method: 'GET', regex: /^\/behaviour\/?$/, handler: () => ok(s.behaviour) },
    { method: 'PUT', regex: /^\/behaviour\/?$/, handler: (_p, body) => ok(sim.setBehaviour(obj(body))) },
    { method: 'GET', regex: /^\/automation\/?$/, handler: () => ok(s.automation.status()) },
    {
      method: 'POST',
      regex: /^\/automation\/?$/,
      handler: (_p, body) => {
        const b = obj(body);
        if (typeof b.enabled !== 'boolean') throw badRequest("'enabled' must be true or false.");
        if (b.enabled && !s.automation.configured) throw badRequest('The fixture has no automation (intervalMs and license are required).');
        s.automation.setEnabled(b.enabled);
        return ok(s.automation.status());
      },
    },
    {
      method: 'POST',
      regex: /^\/automation\/tick\/?$/,
      handler: () => {
        if (!s.automation.configured) throw badRequest('The fixture has no automation (intervalMs and license are required).');
        s.automation.tick();
        return ok(s.automation.status());
      },
    },
    { method: 'POST', regex: /^\/users\/([^/]+)\/mutate\/?$/, handler: ([id], body) => ok(prepareUserMutation(t, id, body)()) },
    { method: 'POST', regex: /^\/groups\/([^/]+)\/mutate\/?$/, handler: ([id], body) => ok(prepareGroupMutation(t, id, body)()) },
    { method: 'POST', regex: /^\/skus\/([^/]+)\/mutate\/?$/, handler: ([id], body) => ok(prepareSkuMutation(t, id, body)()) },
    { method: 'GET', regex: /^\/triggers\/?$/, handler: () => ok(s.triggers.status()) },
    { method: 'POST', regex: /^\/triggers\/?$/, handler: (_p, body) => ok(s.triggers.add(body), 201) },
    {
      method: 'DELETE',
      regex: /^\/triggers\/?$/,
      handler: () => {
        s.triggers.clear();
        return noContent();
      },
    },
  ];
}
