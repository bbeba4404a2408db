import type { SimResponse } from './errors';
import type { Query } from './odata';

/** A Graph request as the route handlers see it (top-level or an inner $batch request). */
export interface SimRequest {
  method: string;
  /** Path below /v1.0, without the query string, e.g. `/users/abc/assignLicense`. */
  path: string;
  params: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** e.g. `http://127.0.0.1:5050`, used to build absolute @odata.nextLink URLs. */
  origin: string;
  /** Graph's beta endpoint serves the same resources plus the few beta-only properties the simulator knows. */
  version?: 'v1.0' | 'beta';
}

export interface RouteArgs {
  req: SimRequest;
  /** Decoded path parameters in template order. */
  p: string[];
  /** Lazily parsed OData options (throws 400 on bad ones). */
  query: (maxTop?: number) => Query;
}

export interface Route {
  method: string;
  template: string;
  handler: (args: RouteArgs) => SimResponse | Promise<SimResponse>;
}
