import type { GraphHttp } from './graphHttp';

export interface PageQuery {
  select?: string[];
  filter?: string;
  /** Page size; Graph caps users, groups and members at 999. */
  top?: number;
  /** Adds $count=true and ConsistencyLevel: eventual (Graph "advanced query"). */
  advanced?: boolean;
  orderby?: string;
  /**
   * Asks for the next page while the caller works on this one, so Graph's time and the caller's overlap. Only for
   * callers that read to the end: one that stops early has sent one request too many.
   */
  readAhead?: boolean;
}

interface PageBody<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/** Yields each page of a Graph collection, following @odata.nextLink until it is absent. */
export async function* pages<T>(http: GraphHttp, path: string, q: PageQuery = {}): AsyncGenerator<T[]> {
  const headers = q.advanced ? { ConsistencyLevel: 'eventual' } : undefined;
  // A nextLink already carries every query option, and the header must go with it again.
  const read = (path: string, query?: Record<string, string | number | undefined>) =>
    http.json<PageBody<T>>({ method: 'GET', path, query, headers });
  let pending: Promise<PageBody<T>> | undefined = read(path, {
    $select: q.select?.join(','),
    $filter: q.filter,
    $orderby: q.orderby,
    $count: q.advanced ? 'true' : undefined,
    $top: q.top,
  });
  while (pending) {
    const body: PageBody<T> = await pending;
    const link = body['@odata.nextLink'];
    pending = undefined;
    if (link && q.readAhead) {
      pending = read(http.relativeLink(link));
      // Awaited on the next turn; a caller that stops before then must not leave an unhandled rejection behind.
      pending.catch(() => undefined);
    }
    yield body.value ?? [];
    if (link && !q.readAhead) pending = read(http.relativeLink(link));
  }
}

/** Every item of a Graph collection in one array (for small collections). */
export async function all<T>(http: GraphHttp, path: string, q: PageQuery = {}): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages<T>(http, path, q)) out.push(...page);
  return out;
}
