import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuditLog } from './audit';
import { Automation } from './automation';
import { membershipKey, MembershipProcessor } from './dynamicMembership';
import { errorResponse, GraphError, type SimResponse } from './errors';
import { rollFault, sleep } from './faults';
import { FixtureError, mergeBehaviour, type Behaviour, type TenantFixture } from './fixture';
import { GroupProcessor } from './groupProcessing';
import { InvariantMonitor } from './invariants';
import { Triggers } from './triggers';
import { parseQuery } from './odata';
import { parseBatch, runBatch } from './routes/batch';
import { controlRoutes, type ControlRoute } from './routes/control';
import { directoryRoutes } from './routes/directory';
import { groupRoutes } from './routes/groups';
import { userRoutes } from './routes/users';
import type { SimState } from './simulator';
import { StatsRecorder } from './stats';
import { isDynamic, Tenant, type ChangeContext, type LicenseChange, type Path } from './tenant';
import { throttledHeaders, Throttle } from './throttle';
import type { Route, SimRequest } from './types';
import { ok } from './views';

interface CompiledRoute extends Route {
  regex: RegExp;
}

function compile(route: Route): CompiledRoute {
  const pattern = route.template
    .split('/')
    .map((seg) => (/^\{.+\}$/.test(seg) ? '([^/]+)' : seg.replace(/[.$]/g, (c) => `\\${c}`)))
    .join('/');
  return { ...route, regex: new RegExp(`^${pattern}/?$`) };
}

const MAX_BODY = 10 * 1024 * 1024;
/** Actor shown for joins and leaves made by rule evaluation (the simulator's label; Entra's own name is unconfirmed). */
const DYNAMIC_MEMBERSHIP_ACTOR = 'Microsoft Entra Dynamic Membership';

/** A gateway or service answer that says nothing about whether the request took effect. */
function uncertainAnswer(status: number): GraphError {
  if (status === 503)
    return new GraphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.', { 'Retry-After': '1' });
  if (status === 502) return new GraphError(502, 'BadGateway', 'The gateway received an invalid response.');
  return new GraphError(504, 'GatewayTimeout', 'The gateway did not receive a timely response.');
}

/** The simulated Graph service: tenant state, services around it and the HTTP front. */
export class Simulator {
  readonly state: SimState;
  private readonly routes: CompiledRoute[];
  private readonly control: ControlRoute[];
  private server: http.Server | null = null;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor(fixture: TenantFixture, overrides: Partial<Behaviour> = {}) {
    const behaviour = mergeBehaviour(fixture.behaviour, overrides);
    const tenant = new Tenant(fixture);
    const audit = new AuditLog(() => this.state.behaviour.auditLogDelayMs);
    const processor = new GroupProcessor(tenant, () => this.state.behaviour, {
      start: (g, ctx) =>
        audit.add({
          activity: 'Start applying group based license to users',
          category: 'GroupManagement',
          actor: 'system',
          target: { id: g.id, displayName: g.displayName, type: 'Group', userPrincipalName: null, modifiedProperties: [] },
          details: [{ key: 'cause', value: ctx.cause }],
        }),
      finish: (g, success, failure) =>
        audit.add({
          activity: 'Finish applying group based license to users',
          category: 'GroupManagement',
          actor: 'system',
          target: {
            id: g.id,
            displayName: g.displayName,
            type: 'Group',
            userPrincipalName: null,
            modifiedProperties: [
              {
                displayName: '',
                oldValue: null,
                newValue: `[Users successfully assigned licenses: ${success}, Users for whom license assignment failed: ${failure}.]`,
              },
            ],
          },
        }),
      reconciled: (g, userId) => this.state.invariants.reconciled(g.id, userId),
    });
    const membership = new MembershipProcessor(tenant, () => this.state.behaviour, {
      evaluated: (g, userId, changed) => {
        // A join or leave hands a removal's guard over to the license processing it started for the user.
        const followUps = changed ? processor.pendingFor(userId).filter((w) => w.groupId === g.id) : [];
        this.state.invariants.reconciled(
          membershipKey(g.id),
          userId,
          followUps.map((w) => w.key),
          followUps.length
            ? {
                at: new Date().toISOString(),
                event: `dynamic group ${g.id} changed the user's membership; license processing follows`,
                cause: followUps[0].cause,
              }
            : undefined,
        );
      },
    });
    this.state = {
      tenant,
      processor,
      membership,
      audit,
      invariants: new InvariantMonitor(tenant, (userId) => [...processor.pendingFor(userId), ...membership.pendingFor(userId)]),
      stats: new StatsRecorder(),
      throttle: new Throttle(tenant.id, behaviour),
      automation: new Automation(tenant, fixture.automation),
      triggers: new Triggers(tenant),
      behaviour,
    };
    this.wire();
    this.routes = [...userRoutes(this.state), ...groupRoutes(this.state), ...directoryRoutes(this.state)].map(compile);
    this.control = controlRoutes(this);
    for (const g of tenant.groupList)
      if (g.assignedLicenses.length)
        processor.enqueue(g.id, 'all', { actor: 'system', cause: 'fixture group license', clientCaused: false });
    if (this.state.automation.configured) this.state.automation.setEnabled(true);
  }

  setBehaviour(patch: unknown): Behaviour {
    this.state.behaviour = mergeBehaviour(this.state.behaviour, patch);
    this.state.throttle.configure(this.state.behaviour);
    return this.state.behaviour;
  }

  private wire(): void {
    const { tenant, audit, invariants, processor } = this.state;
    const licenseString = (paths: Path[]) => `[${[...new Set(paths.filter((p) => p.state !== 'Error').map((p) => p.skuId))].join(',')}]`;
    tenant.addListener((change: LicenseChange) => {
      invariants.observe(change);
      const u = change.user;
      const actor = change.ctx.actor;
      audit.add({
        activity: 'Change user license',
        category: 'UserManagement',
        actor,
        target: { id: u.id, displayName: u.displayName, type: 'User', userPrincipalName: u.userPrincipalName, modifiedProperties: [] },
      });
      audit.add({
        activity: 'Update user',
        category: 'UserManagement',
        actor,
        target: {
          id: u.id,
          displayName: u.displayName,
          type: 'User',
          userPrincipalName: u.userPrincipalName,
          modifiedProperties: [
            { displayName: 'AssignedLicense', oldValue: licenseString(change.beforePaths), newValue: licenseString(change.afterPaths) },
          ],
        },
      });
    });
    tenant.onGroupWork = (groupId: string, users: string[] | 'all', ctx: ChangeContext) =>
      processor.enqueue(groupId, users, {
        actor: 'system',
        cause: `group license processing of ${groupId} after ${ctx.cause}`,
        clientCaused: ctx.clientCaused,
      });
    tenant.onDirectoryChange = (user, properties, ctx) => this.state.membership.userChanged(user, properties, ctx);
    tenant.onRuleChange = (group, ctx) => this.state.membership.ruleChanged(group, ctx);
    tenant.onMembershipChange = (g, member, added, ctx) =>
      audit.add({
        activity: added ? 'Add member to group' : 'Remove member from group',
        category: 'GroupManagement',
        actor: ctx.actor,
        systemActor: ctx.actor === 'system' && isDynamic(g) ? DYNAMIC_MEMBERSHIP_ACTOR : undefined,
        operationType: added ? 'Assign' : 'Unassign',
        target: {
          id: member.id,
          displayName: member.name,
          type: tenant.users.has(member.id) ? 'User' : 'Group',
          userPrincipalName: tenant.users.get(member.id)?.userPrincipalName ?? null,
          modifiedProperties: [],
        },
        extraTargets: [{ id: g.id, displayName: g.displayName, type: 'Group', userPrincipalName: null, modifiedProperties: [] }],
      });
    tenant.onGroupLicenseChange = (g, old, ctx) =>
      audit.add({
        activity: 'Set group license',
        category: 'GroupManagement',
        actor: ctx.actor,
        target: {
          id: g.id,
          displayName: g.displayName,
          type: 'Group',
          userPrincipalName: null,
          modifiedProperties: [
            { displayName: 'AssignedLicense', oldValue: JSON.stringify(old), newValue: JSON.stringify(g.assignedLicenses) },
          ],
        },
      });
    tenant.onUserUpdate = (u, prop, oldValue, newValue, ctx) =>
      audit.add({
        activity: 'Update user',
        category: 'UserManagement',
        actor: ctx.actor,
        target: {
          id: u.id,
          displayName: u.displayName,
          type: 'User',
          userPrincipalName: u.userPrincipalName,
          modifiedProperties: [{ displayName: prop, oldValue: JSON.stringify(oldValue), newValue: JSON.stringify(newValue) }],
        },
      });
  }

  private match(method: string, path: string): { route: CompiledRoute; params: string[] } | null {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (m) return { route: r, params: m.slice(1).map((x) => decodeURIComponent(x)) };
    }
    return null;
  }

  /** Runs one Graph request (top-level or batch item) through throttling, faults and its handler. */
  async handleGraph(req: SimRequest, inner: boolean): Promise<SimResponse & { template: string }> {
    const clientRequestId = req.headers['client-request-id'];
    if (req.path === '/$batch' && req.method === 'POST' && !inner) {
      try {
        const items = parseBatch(req.body);
        const responses = await runBatch(items, req, (r) => this.handleGraph(r, true));
        return { ...ok({ responses }), template: '/$batch' };
      } catch (e) {
        if (e instanceof GraphError) return { ...errorResponse(e, clientRequestId), template: '/$batch' };
        throw e;
      }
    }
    const m = this.match(req.method, req.path);
    const template = m ? m.route.template : '(unknown)';
    let res: SimResponse;
    try {
      if (!m) {
        const known = this.routes.some((r) => r.regex.test(req.path));
        if (known) throw new GraphError(405, 'Request_BadRequest', `The HTTP method '${req.method}' is not allowed for this resource.`);
        throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${req.path.split('/').filter(Boolean).pop() ?? ''}'.`);
      }
      const verdict = this.state.throttle.check(req.method !== 'GET');
      if (verdict) throw new GraphError(429, 'TooManyRequests', 'Please retry again later.', throttledHeaders(verdict));
      const fault = rollFault(this.state.behaviour).before;
      if (fault === '429')
        throw new GraphError(
          429,
          'TooManyRequests',
          'Please retry again later.',
          throttledHeaders({ retryAfterSeconds: 1, scope: `Tenant/ReadWrite//${this.state.tenant.id}`, information: 'CPULimitExceeded' }),
        );
      if (fault === '503')
        throw new GraphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.', {
          'Retry-After': '1',
        });
      let parsed: ReturnType<typeof parseQuery> | null = null;
      const trigger = this.state.triggers.take(req.method, req.path);
      if (trigger) this.state.triggers.run(trigger, 'before');
      const respond = trigger?.respond;
      try {
        if (respond && !respond.applied) throw uncertainAnswer(respond.status);
        res = await m.route.handler({
          req,
          p: m.params,
          query: (maxTop?: number) => (parsed ??= parseQuery(req.params, req.headers, maxTop)),
        });
      } finally {
        if (trigger) {
          this.state.triggers.run(trigger, 'after');
          if (trigger.delayMs) await sleep(trigger.delayMs);
        }
      }
      if (respond?.applied) throw uncertainAnswer(respond.status);
    } catch (e) {
      let err = e;
      if (!(err instanceof GraphError)) {
        console.error('simulator handler failure', err);
        err = new GraphError(500, 'InternalServerError', `Simulator failure: ${(err as Error).message}`);
      }
      res = errorResponse(err as GraphError, clientRequestId);
    }
    this.state.stats.record(req.method, template, res.status);
    return { ...res, template };
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (e) {
      return send(res, errorResponse(new GraphError(413, 'Request_EntityTooLarge', (e as Error).message)));
    }
    let body: unknown = undefined;
    if (raw.length) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, errorResponse(new GraphError(400, 'BadRequest', 'Invalid JSON in the request body.')));
      }
    }
    if (url.pathname.startsWith('/_sim'))
      return send(res, this.controlRequest(req.method ?? 'GET', url.pathname.slice('/_sim'.length) || '/', body));
    const version = url.pathname.startsWith('/beta/') ? 'beta' : 'v1.0';
    if (!url.pathname.startsWith('/v1.0/') && version !== 'beta') {
      return send(
        res,
        errorResponse(
          new GraphError(
            404,
            'NotFound',
            `Only Graph paths (/v1.0/... or /beta/...) and the control plane (/_sim/...) are served; got '${url.pathname}'.`,
          ),
        ),
      );
    }
    this.state.stats.httpRequest();
    const b = this.state.behaviour;
    if (b.latencyMs > 0) await sleep(b.latencyMs);
    const simReq: SimRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname.slice(`/${version}`.length),
      params: url.searchParams,
      headers,
      body,
      origin,
      version,
    };
    const out = await this.handleGraph(simReq, false);
    if (out.template === '/$batch') this.state.stats.record('POST', '/$batch', out.status);
    if (rollFault(this.state.behaviour).dropResponse) {
      // The change is applied; the client never hears back.
      this.state.stats.dropped();
      req.socket.destroy();
      return;
    }
    send(res, out, headers['client-request-id']);
  }

  private controlRequest(method: string, path: string, body: unknown): SimResponse {
    for (const r of this.control) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      try {
        return r.handler(m.slice(1).map(decodeURIComponent), body);
      } catch (e) {
        if (e instanceof FixtureError) return errorResponse(new GraphError(400, 'BadRequest', e.message));
        if (e instanceof GraphError) return errorResponse(e);
        return errorResponse(new GraphError(500, 'InternalServerError', (e as Error).message));
      }
    }
    return errorResponse(new GraphError(404, 'NotFound', `Unknown control-plane endpoint ${method} /_sim${path}.`));
  }

  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const server = http.createServer((req, res) => {
        this.onRequest(req, res).catch((e) => {
          console.error('simulator request failure', e);
          if (!res.headersSent) send(res, errorResponse(new GraphError(500, 'InternalServerError', 'Simulator failure.')));
        });
      });
      server.keepAliveTimeout = 5000;
      server.on('connection', (s) => {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
      });
      server.once('error', reject);
      server.listen(port, host, () => {
        this.server = server;
        const addr = server.address() as AddressInfo;
        resolve(`http://${host}:${addr.port}`);
      });
    });
  }

  close(): Promise<void> {
    this.state.processor.close();
    this.state.membership.close();
    this.state.automation.close();
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, r: SimResponse, clientRequestId?: string): void {
  const headers: Record<string, string> = { ...r.headers };
  if (clientRequestId) headers['client-request-id'] = clientRequestId;
  if (r.body === undefined) {
    res.writeHead(r.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(r.body);
  headers['content-type'] ??= 'application/json';
  res.writeHead(r.status, headers);
  res.end(text);
}
