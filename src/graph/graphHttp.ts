import { type Client, ResponseType } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import { bodyText } from './bodyText';
import { toGraphFailure } from './graphFailure';
import type { GraphEndpoint } from './transport';
import { GraphRequestError } from './types';
import { WritePacer } from './writePacer';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphCall {
  method: HttpMethod;
  /** Path below the version root, e.g. /users/{id}; may already carry an encoded query. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** Graph's beta endpoint, only for what v1.0 does not serve (a dynamic group's processing status). */
  version?: 'beta';
}

export interface GraphReply {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Query string with OData keys ($select…) left readable and values encoded. */
export function queryString(query: GraphCall['query']): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Thin request layer over the SDK client: raw replies, JSON bodies, and failures through the one funnel. */
export class GraphHttp {
  constructor(
    private readonly client: Client,
    readonly endpoint: GraphEndpoint,
    private readonly log: Logger,
    /** Shared with the transport so $batch items and single writes are paced together. */
    readonly pacer: WritePacer = new WritePacer(),
  ) {}

  /** Sends one request; HTTP errors come back as replies, only transport failures throw (as GraphRequestError). */
  async send(call: GraphCall): Promise<GraphReply> {
    const qs = queryString(call.query);
    const path = qs && call.path.includes('?') ? `${call.path}&${qs.slice(1)}` : call.path + qs;
    let req = this.client.api(path).responseType(ResponseType.RAW);
    if (call.headers) req = req.headers(call.headers);
    if (call.version) req = req.version(call.version);
    let res: Response;
    try {
      switch (call.method) {
        case 'GET':
          res = await req.get();
          break;
        case 'POST':
          res = await req.post(call.body ?? {});
          break;
        case 'PATCH':
          res = await req.patch(call.body ?? {});
          break;
        case 'DELETE':
          res = await req.delete();
          break;
      }
    } catch (err) {
      const failure = toGraphFailure(err);
      this.log.warn({ method: call.method, route: routeOf(call.path), kind: failure.kind }, 'graph request failed without a response');
      throw new GraphRequestError(failure);
    }
    const text = await bodyText(res);
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: res.status, headers: res.headers, body };
  }

  /** Sends and returns the JSON body of a 2xx reply; anything else throws GraphRequestError. */
  async json<T>(call: GraphCall): Promise<T> {
    const reply = await this.send(call);
    if (reply.status >= 200 && reply.status < 300) return reply.body as T;
    const failure = toGraphFailure(reply.status, reply.body, reply.headers);
    this.log.debug({ method: call.method, route: routeOf(call.path), status: reply.status, kind: failure.kind }, 'graph request refused');
    throw new GraphRequestError(failure);
  }

  /**
   * A nextLink as a path below the version root. Links that leave the configured endpoint are refused,
   * so a token can never be sent to a host named by a response.
   */
  relativeLink(link: string): string {
    const prefix = `${this.endpoint.base}/`;
    if (link.startsWith(prefix)) return `/${link.slice(prefix.length)}`;
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new GraphRequestError({ kind: 'unknown', status: 0, code: 'BadNextLink', message: 'nextLink is not a URL' });
    }
    const base = new URL(prefix);
    if (url.origin === base.origin && url.pathname.startsWith(base.pathname)) {
      return `/${url.pathname.slice(base.pathname.length)}${url.search}`;
    }
    throw new GraphRequestError({
      kind: 'unknown',
      status: 0,
      code: 'BadNextLink',
      message: `nextLink leaves the Graph endpoint (${url.origin})`,
    });
  }
}

/** Path without ids or query, for logs. */
export function routeOf(path: string): string {
  return path
    .split('?')[0]
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
    .replace(/\/users\/[^/]+@[^/]+/gi, '/users/{upn}');
}
