import { errorBody, GraphError, type SimResponse } from '../errors';
import type { SimRequest } from '../types';

export interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

/** Validates a $batch body like Graph: ≤20 requests, unique ids, relative URLs, known dependsOn ids. */
export function parseBatch(body: unknown): BatchItem[] {
  const b = body as { requests?: unknown } | null;
  if (!b || typeof b !== 'object' || !Array.isArray(b.requests))
    throw new GraphError(400, 'BadRequest', "Invalid batch payload: 'requests' must be an array.");
  const reqs = b.requests as unknown[];
  if (reqs.length === 0) throw new GraphError(400, 'BadRequest', 'Invalid batch payload: at least one request is required.');
  if (reqs.length > 20) throw new GraphError(400, 'BadRequest', 'Invalid batch payload: the number of requests exceeds the limit of 20.');
  const ids = new Set<string>();
  const items = reqs.map((r, i) => {
    const o = r as Record<string, unknown> | null;
    if (!o || typeof o !== 'object') throw new GraphError(400, 'BadRequest', `Invalid batch payload: requests[${i}] is not an object.`);
    const id = o.id;
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '')
      throw new GraphError(400, 'BadRequest', `Invalid batch payload: requests[${i}].id is required.`);
    if (ids.has(String(id))) throw new GraphError(400, 'BadRequest', `Invalid batch payload: duplicate request id '${String(id)}'.`);
    ids.add(String(id));
    if (typeof o.method !== 'string' || !['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(o.method.toUpperCase()))
      throw new GraphError(400, 'BadRequest', `Invalid batch payload: requests[${i}].method is invalid.`);
    if (typeof o.url !== 'string' || /^[a-z]+:\/\//i.test(o.url))
      throw new GraphError(400, 'BadRequest', `Invalid batch payload: requests[${i}].url must be a relative URL.`);
    const dependsOn = o.dependsOn === undefined ? undefined : o.dependsOn;
    if (dependsOn !== undefined && (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string')))
      throw new GraphError(400, 'BadRequest', `Invalid batch payload: requests[${i}].dependsOn must be an array of ids.`);
    return {
      id: String(id),
      method: o.method.toUpperCase(),
      url: o.url,
      headers: (o.headers as Record<string, string>) ?? {},
      body: o.body,
      dependsOn: dependsOn as string[] | undefined,
    };
  });
  for (const it of items)
    for (const d of it.dependsOn ?? [])
      if (!ids.has(d))
        throw new GraphError(400, 'BadRequest', `Invalid batch payload: request '${it.id}' depends on unknown request '${d}'.`);
  return items;
}

/** Runs batch items honouring dependsOn (a failed dependency yields 424) and returns per-item responses. */
export async function runBatch(
  items: BatchItem[],
  outer: SimRequest,
  runOne: (req: SimRequest) => Promise<SimResponse>,
): Promise<{ id: string; status: number; headers: Record<string, string>; body?: unknown }[]> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const results = new Map<string, SimResponse>();
  const running = new Map<string, Promise<SimResponse>>();
  const run = (item: BatchItem, chain: Set<string>): Promise<SimResponse> => {
    const existing = running.get(item.id);
    if (existing) return existing;
    const p = (async () => {
      for (const d of item.dependsOn ?? []) {
        if (chain.has(d)) return failed(item, 'Circular dependsOn.');
        const dep = await run(byId.get(d)!, new Set(chain).add(item.id));
        if (dep.status >= 400) return failed(item, `Dependency '${d}' failed.`);
      }
      const url = item.url.startsWith('/') ? item.url : `/${item.url}`;
      const q = url.indexOf('?');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(item.headers ?? {})) headers[k.toLowerCase()] = String(v);
      const r = await runOne({
        method: item.method,
        path: q >= 0 ? url.slice(0, q) : url,
        params: new URLSearchParams(q >= 0 ? url.slice(q + 1) : ''),
        headers,
        body: item.body,
        origin: outer.origin,
        version: outer.version,
      });
      results.set(item.id, r);
      return r;
    })();
    running.set(item.id, p);
    return p;
  };
  // Items without dependencies run in order; Graph makes no ordering promise, so sequential is a valid choice.
  const out = [];
  for (const item of items) {
    const r = await run(item, new Set());
    out.push({ id: item.id, status: r.status, headers: r.headers, ...(r.body === undefined ? {} : { body: r.body }) });
  }
  return out;
}

function failed(item: BatchItem, message: string): SimResponse {
  return {
    status: 424,
    headers: { 'content-type': 'application/json' },
    body: errorBody('FailedDependency', `${message} Request '${item.id}' was not executed.`, item.id),
  };
}
