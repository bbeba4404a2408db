import { badRequest } from './errors';
import { prepareGroupMutation, prepareUserMutation, type PreparedChange } from './hooks';
import type { Tenant } from './tenant';

const UNCERTAIN_STATUSES = [502, 503, 504];

/** A one-shot script for the next Graph requests matching a method and path: races and faults on cue. */
export interface Trigger {
  id: number;
  method: string;
  path: string;
  /** Matches that pass untouched before the trigger acts (e.g. let the first read through). */
  skip: number;
  /** Matches left; the trigger is dropped at 0. */
  remaining: number;
  fired: number;
  /** Changes made by someone else right before the request is handled. */
  before: PreparedChange[];
  /** Changes made by someone else right after the request is handled. */
  after: PreparedChange[];
  /** Answer with this status instead; `applied` says whether the request took effect first. */
  respond?: { status: number; applied: boolean };
  /** Hold the answer this long after handling. */
  delayMs: number;
  errors: string[];
}

export type TriggerView = Omit<Trigger, 'before' | 'after'> & { before: number; after: number };

/** Registered triggers: a request is matched by the first one for its method and path (which may let it pass, see skip). */
export class Triggers {
  private list: Trigger[] = [];
  /** Triggers that ran out, kept so a test can read how often each fired. */
  private spent: Trigger[] = [];
  private next = 1;

  constructor(private readonly tenant: Tenant) {}

  /** Validates and registers a trigger from a control-plane body; nothing is registered on a bad body. */
  add(body: unknown): TriggerView {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('A JSON object body is required.');
    const b = body as Record<string, unknown>;
    const known = ['method', 'path', 'skip', 'times', 'before', 'after', 'respond', 'delayMs'];
    const unknown = Object.keys(b).filter((k) => !known.includes(k));
    if (unknown.length) throw badRequest(`Unknown trigger field '${unknown[0]}'; supported: ${known.join(', ')}.`);
    const method = typeof b.method === 'string' ? b.method.toUpperCase() : '';
    if (!['GET', 'POST', 'PATCH', 'DELETE'].includes(method)) throw badRequest("'method' must be GET, POST, PATCH or DELETE.");
    if (typeof b.path !== 'string' || !b.path.startsWith('/') || b.path.startsWith('/v1.0'))
      throw badRequest("'path' must be a Graph path below /v1.0, e.g. /users/{id}/assignLicense.");
    const times = b.times === undefined ? 1 : b.times;
    if (!Number.isInteger(times) || (times as number) < 1 || (times as number) > 1000)
      throw badRequest("'times' must be a whole number from 1 to 1000.");
    const skip = b.skip === undefined ? 0 : b.skip;
    if (!Number.isInteger(skip) || (skip as number) < 0 || (skip as number) > 1000)
      throw badRequest("'skip' must be a whole number from 0 to 1000.");
    const delayMs = b.delayMs === undefined ? 0 : b.delayMs;
    if (typeof delayMs !== 'number' || !(delayMs >= 0 && delayMs <= 60_000)) throw badRequest("'delayMs' must be 0 to 60000.");
    let respond: Trigger['respond'];
    if (b.respond !== undefined) {
      const r = b.respond as { status?: unknown; applied?: unknown } | null;
      if (!r || !UNCERTAIN_STATUSES.includes(r.status as number))
        throw badRequest(`'respond.status' must be one of ${UNCERTAIN_STATUSES.join(', ')}.`);
      if (typeof r.applied !== 'boolean')
        throw badRequest("'respond.applied' must say whether the request takes effect before the answer (true or false).");
      respond = { status: r.status as number, applied: r.applied };
    }
    const trigger: Trigger = {
      id: this.next++,
      method,
      path: b.path.toLowerCase(),
      skip: skip as number,
      remaining: times as number,
      fired: 0,
      before: this.changes(b.before, 'before'),
      after: this.changes(b.after, 'after'),
      respond,
      delayMs,
      errors: [],
    };
    this.list.push(trigger);
    return view(trigger);
  }

  /** The first trigger matching a request, counted as fired. */
  take(method: string, path: string): Trigger | null {
    const p = path.toLowerCase();
    const t = this.list.find((x) => x.method === method && x.path === p);
    if (!t) return null;
    if (t.skip > 0) {
      t.skip--;
      return null;
    }
    t.fired++;
    if (--t.remaining <= 0) {
      this.list = this.list.filter((x) => x !== t);
      this.spent.push(t);
    }
    return t;
  }

  /** Applies a trigger's changes, keeping their failures on the trigger instead of failing the request. */
  run(t: Trigger, which: 'before' | 'after'): void {
    for (const change of t[which]) {
      try {
        change();
      } catch (e) {
        t.errors.push(`${which}: ${(e as Error).message}`);
      }
    }
  }

  status(): { triggers: TriggerView[]; spent: TriggerView[] } {
    return { triggers: this.list.map(view), spent: this.spent.map(view) };
  }

  clear(): void {
    this.list = [];
    this.spent = [];
  }

  private changes(raw: unknown, field: string): PreparedChange[] {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) throw badRequest(`'${field}' must be a list of {user, ...mutation} or {group, assignLicense}.`);
    return raw.map((m: unknown, i: number) => {
      if (!m || typeof m !== 'object') throw badRequest(`'${field}[${i}]' must be an object.`);
      const { user, group, ...rest } = m as Record<string, unknown>;
      if (typeof user === 'string' && group === undefined) return prepareUserMutation(this.tenant, user, rest);
      if (typeof group === 'string' && user === undefined) return prepareGroupMutation(this.tenant, group, rest);
      throw badRequest(`'${field}[${i}]' needs either 'user' or 'group' (an id).`);
    });
  }
}

function view(t: Trigger): TriggerView {
  return { ...t, before: t.before.length, after: t.after.length };
}
