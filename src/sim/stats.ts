export interface Stats {
  requests: Record<string, number>;
  status: Record<string, number>;
  throttled: number;
  serverErrors: number;
  total: number;
  /** Directory writes (POST/PATCH/DELETE), top-level or inside a $batch; the $batch envelope itself is not one. */
  writes: number;
  batches: number;
  dropped: number;
  /** HTTP requests as the client sent them: a $batch envelope counts once, its inner requests not at all. */
  httpRequests: number;
}

/** Request accounting by method + path template; inner $batch requests are counted like top-level ones. */
export class StatsRecorder {
  private s: Stats = StatsRecorder.empty();

  private static empty(): Stats {
    return { requests: {}, status: {}, throttled: 0, serverErrors: 0, total: 0, writes: 0, batches: 0, dropped: 0, httpRequests: 0 };
  }

  record(method: string, template: string, status: number): void {
    const key = `${method} ${template}`;
    this.s.requests[key] = (this.s.requests[key] ?? 0) + 1;
    this.s.status[String(status)] = (this.s.status[String(status)] ?? 0) + 1;
    this.s.total++;
    if (method !== 'GET' && template !== '/$batch') this.s.writes++;
    if (status === 429) this.s.throttled++;
    if (status >= 500) this.s.serverErrors++;
    if (template === '/$batch') this.s.batches++;
  }

  /** Counts one request as it arrived on the wire. */
  httpRequest(): void {
    this.s.httpRequests++;
  }

  dropped(): void {
    this.s.dropped++;
  }

  snapshot(): Stats {
    return JSON.parse(JSON.stringify(this.s));
  }

  reset(): void {
    this.s = StatsRecorder.empty();
  }
}
