import { badRequest, type SimResponse } from '../errors';
import type { Simulator } from '../server';
import type { ChangeContext, Path } from '../tenant';
import { noContent, ok } from '../views';

export interface ControlRoute {
  method: string;
  regex: RegExp;
  handler: (params: string[], body: unknown) => SimResponse;
}

const HOOK: ChangeContext = { actor: 'automation', cause: 'test hook /_sim/users/{id}/mutate', clientCaused: false };

/**
 * The control plane (/_sim/...): inspection (invariants, stats, health), run-time behaviour changes,
 * the legacy automation switch, and a test hook that changes a user bypassing Graph's rules.
 */
export function controlRoutes(sim: Simulator): ControlRoute[] {
  const s = sim.state;
  const t = s.tenant;
  const obj = (body: unknown): Record<string, unknown> => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('A JSON object body is required.');
    return body as Record<string, unknown>;
  };
  return [
    { method: 'GET', regex: /^\/health\/?$/, handler: () => ok({ status: 'ok', users: t.userList.length, groups: t.groupList.length, skus: t.skuList.length, processingGroups: s.processor.busy() }) },
    { method: 'GET', regex: /^\/invariants\/?$/, handler: () => ok({ violations: s.invariants.violations }) },
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
    {
      method: 'POST',
      regex: /^\/users\/([^/]+)\/mutate\/?$/,
      handler: ([id], body) => {
        const b = obj(body);
        const u = t.requireUser(id);
        const known = ['usageLocation', 'removeFromGroup', 'addToGroup', 'setDirect', 'removeDirect', 'proxyConflict', 'accountEnabled'];
        const unknown = Object.keys(b).filter((k) => !known.includes(k));
        if (unknown.length) throw badRequest(`Unknown mutation '${unknown[0]}'; supported: ${known.join(', ')}.`);
        // Validate everything first so a bad request changes nothing.
        if ('usageLocation' in b && b.usageLocation !== null && (typeof b.usageLocation !== 'string' || !/^[A-Z]{2}$/.test(b.usageLocation)))
          throw badRequest("'usageLocation' must be null or an ISO 3166 alpha-2 code.");
        const removeFrom = b.removeFromGroup === undefined ? null : t.requireGroup(String(b.removeFromGroup));
        if (removeFrom && !removeFrom.members.has(u.id)) throw badRequest(`User ${u.id} is not a member of group ${removeFrom.id}.`);
        const addTo = b.addToGroup === undefined ? null : t.requireGroup(String(b.addToGroup));
        let direct: { skuId: string; disabledPlans: string[] } | null = null;
        if (b.setDirect !== undefined) {
          const d = b.setDirect as { skuId?: unknown; disabledPlans?: unknown } | null;
          if (!d || typeof d.skuId !== 'string' || !t.skus.has(d.skuId.toLowerCase())) throw badRequest("'setDirect' needs a known skuId.");
          const plans = (d.disabledPlans ?? []) as unknown[];
          if (!Array.isArray(plans) || plans.some((p) => typeof p !== 'string')) throw badRequest("'setDirect.disabledPlans' must be an array of plan ids.");
          direct = { skuId: d.skuId.toLowerCase(), disabledPlans: plans.map((p) => String(p).toLowerCase()) };
        }
        const removeDirect = b.removeDirect === undefined ? null : String(b.removeDirect).toLowerCase();
        if (removeDirect && !u.paths.some((p) => p.skuId === removeDirect && p.assignedByGroup === null)) throw badRequest(`User has no direct assignment of ${removeDirect}.`);
        if ('proxyConflict' in b && typeof b.proxyConflict !== 'boolean') throw badRequest("'proxyConflict' must be a boolean.");
        if ('accountEnabled' in b && typeof b.accountEnabled !== 'boolean') throw badRequest("'accountEnabled' must be a boolean.");

        if ('usageLocation' in b) t.setUsageLocation(u, b.usageLocation, HOOK);
        if (typeof b.proxyConflict === 'boolean') u.proxyConflict = b.proxyConflict;
        if (typeof b.accountEnabled === 'boolean') u.accountEnabled = b.accountEnabled;
        if (direct || removeDirect) {
          const stamp = new Date().toISOString();
          t.changePaths(u, HOOK, (paths) => {
            let next = paths.filter((p) => !(p.assignedByGroup === null && (p.skuId === removeDirect || p.skuId === direct?.skuId)));
            if (direct) next = next.concat([{ ...direct, assignedByGroup: null, state: 'Active', error: 'None', lastUpdatedDateTime: stamp } as Path]);
            return next;
          });
        }
        if (removeFrom) t.removeMember(removeFrom, u.id, HOOK);
        if (addTo && !addTo.members.has(u.id)) t.addMembers(addTo, [u.id], HOOK, false);
        return ok({ id: u.id, usageLocation: u.usageLocation, memberOf: [...u.memberOf], proxyConflict: u.proxyConflict, accountEnabled: u.accountEnabled });
      },
    },
  ];
}

