import type { Behaviour } from './fixture';

class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
  ) {
    this.tokens = capacity;
  }

  /** Takes one token, or returns the seconds until one is available. */
  take(): number {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return (1 - this.tokens) / this.refillPerSecond;
  }
}

export interface ThrottleVerdict {
  retryAfterSeconds: number;
  scope: string;
  information: string;
}

/** Graph's documented identity write quota: 3,000 writes per 150 s per app and tenant. */
export const GRAPH_DOCUMENTED = { writes: 3000, windowSeconds: 150, resourceUnits: 8000, ruWindowSeconds: 10 };

/** Token buckets for all requests and for writes, rebuilt whenever the behaviour changes. */
export class Throttle {
  private requests: TokenBucket | null = null;
  private writes: TokenBucket | null = null;

  constructor(
    private readonly tenantId: string,
    behaviour: Behaviour,
  ) {
    this.configure(behaviour);
  }

  configure(b: Behaviour): void {
    const t = b.throttle;
    this.requests = t.requestsPerSecond ? new TokenBucket(Math.max(1, t.requestsPerSecond), t.requestsPerSecond) : null;
    this.writes = t.writeRequestsPerSecond ? new TokenBucket(Math.max(1, t.writeRequestsPerSecond), t.writeRequestsPerSecond) : null;
    if (t.preset === 'graph-documented') {
      if (!this.writes) this.writes = new TokenBucket(GRAPH_DOCUMENTED.writes, GRAPH_DOCUMENTED.writes / GRAPH_DOCUMENTED.windowSeconds);
      if (!this.requests)
        this.requests = new TokenBucket(GRAPH_DOCUMENTED.resourceUnits, GRAPH_DOCUMENTED.resourceUnits / GRAPH_DOCUMENTED.ruWindowSeconds);
    }
  }

  check(isWrite: boolean): ThrottleVerdict | null {
    if (isWrite && this.writes) {
      const wait = this.writes.take();
      if (wait > 0)
        return {
          retryAfterSeconds: Math.max(1, Math.ceil(wait)),
          scope: `Tenant_Application/Write/00000000-0000-0000-0000-00000000c11e/${this.tenantId}`,
          information: 'WriteLimitExceeded',
        };
    }
    if (this.requests) {
      const wait = this.requests.take();
      if (wait > 0)
        return {
          retryAfterSeconds: Math.max(1, Math.ceil(wait)),
          scope: `Tenant_Application/ReadWrite/00000000-0000-0000-0000-00000000c11e/${this.tenantId}`,
          information: 'ResourceUnitLimitExceeded',
        };
    }
    return null;
  }
}

export function throttledHeaders(v: ThrottleVerdict): Record<string, string> {
  return { 'Retry-After': String(v.retryAfterSeconds), 'x-ms-throttle-scope': v.scope, 'x-ms-throttle-information': v.information };
}
