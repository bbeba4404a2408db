import type { GraphHttp } from './graphHttp';

export interface PageQuery {
  select?: string[];
  filter?: string;
  /** Page size; Graph caps users, groups and members at 999. */
  top?: number;
  /** Adds $count=true and ConsistencyLevel: eventual (Graph "advanced query"). */
  advanced?: boolean;
  orderby?: string;
}

interface PageBody<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/** Yields each page of a Graph collection, following @odata.nextLink until it is absent. */
export async function* pages<T>(http: GraphHttp, path: string, q: PageQuery = {}): AsyncGenerator<T[]> {
  const headers = q.advanced ? { ConsistencyLevel: 'eventual' } : undefined;
  let next: { path: string; query?: Record<string, string | number | undefined> } | undefined = {
    path,
    query: {
      $select: q.select?.join(','),
      $filter: q.filter,
      $orderby: q.orderby,
      $count: q.advanced ? 'true' : undefined,
      $top: q.top,
    },
  };
  while (next) {
    const body: PageBody<T> = await http.json<PageBody<T>>({ method: 'GET', path: next.path, query: next.query, headers });
    yield body.value ?? [];
    const link = body['@odata.nextLink'];
    // The link already carries every query option, and the header must go with it again.
    next = link ? { path: http.relativeLink(link) } : undefined;
  }
}

/** Every item of a Graph collection in one array (for small collections). */
export async function all<T>(http: GraphHttp, path: string, q: PageQuery = {}): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages<T>(http, path, q)) out.push(...page);
  return out;
}
