import type { Stats } from '../../src/sim';
import type { LicensingGraph } from '../../src/graph/licensingGraph';
import { createLicensingGraph, type LicensingGraphOptions } from '../../src/graph/graphLicensing';
import { startSimulator } from '../../src/sim';

export interface Harness {
  url: string;
  graphUrl: string;
  graph: LicensingGraph;
  /** Every request the client sent (method, URL, headers), in order. */
  sent: { method: string; url: string; headers: Record<string, string> }[];
  /** Highest number of requests the client had in flight at once. */
  maxInFlight: () => number;
  resetMaxInFlight: () => void;
  behave: (b: Record<string, unknown>) => Promise<void>;
  stats: () => Promise<SimStats>;
  resetStats: () => Promise<void>;
  /** A second client on the same simulator with other options. */
  client: (o?: Partial<LicensingGraphOptions>) => LicensingGraph;
  close: () => Promise<void>;
}

export type SimStats = Stats;

/** Starts the simulator over HTTP and a LicensingGraph pointed at it through a fetch that records what it sends. */
export async function startHarness(fixture: unknown, options: Partial<LicensingGraphOptions> = {}): Promise<Harness> {
  const sim = await startSimulator({ fixture: fixture as object, port: 0, quiet: true });
  const sent: Harness['sent'] = [];
  let inFlight = 0;
  let max = 0;
  const recordingFetch: typeof fetch = async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => (headers[k] = v));
    sent.push({ method: req.method, url: req.url, headers });
    inFlight++;
    max = Math.max(max, inFlight);
    try {
      return await fetch(input as RequestInfo, init);
    } finally {
      inFlight--;
    }
  };
  const client = (o: Partial<LicensingGraphOptions> = {}) =>
    createLicensingGraph({
      baseUrl: sim.graphUrl,
      auth: 'none',
      fetch: recordingFetch,
      retryDelaySeconds: 0,
      requestTimeoutMs: 5000,
      ...options,
      ...o,
    });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json().catch(() => null);
  };
  return {
    url: sim.url,
    graphUrl: sim.graphUrl,
    graph: client(),
    sent,
    maxInFlight: () => max,
    resetMaxInFlight: () => void (max = inFlight),
    behave: async (b) => void (await control('PUT', '/_sim/behaviour', b)),
    stats: async () => (await control('GET', '/_sim/stats')) as SimStats,
    resetStats: async () => {
      await control('DELETE', '/_sim/stats').catch(() => undefined);
    },
    client,
    close: () => sim.close(),
  };
}

/** Collects every page of an async iterable of pages. */
export async function collect<T>(it: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of it) out.push(page);
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
