import type { Logger } from 'pino';
import { isTransient, retryAfterSeconds, toGraphFailure } from './graphFailure';
import type { GraphHttp, HttpMethod } from './graphHttp';
import { routeOf } from './graphHttp';
import { GraphRequestError, type GraphFailure } from './types';

/** Graph's limit of requests in one $batch. */
export const BATCH_LIMIT = 20;

export interface BatchItem {
  /** Caller's key for the item (e.g. the user id); returned with its outcome. */
  key: string;
  method: HttpMethod;
  /** Path below the version root, e.g. /users/{id}/assignLicense */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Whether an item answered 502/504 (it may have been applied) is sent again. False for license writes:
   * replaying a removal skips the re-check that a changed user needs, so the caller re-reads instead.
   */
  replayUncertain?: boolean;
}

export type BatchOutcome = { key: string; ok: true; status: number; body: unknown } | { key: string; ok: false; failure: GraphFailure };

export interface BatchOptions {
  /** Rounds for items answered 429/503/504 inside a batch (default 5). */
  maxItemAttempts?: number;
  /** Wait when a throttled item carries no Retry-After (default 2 s, doubling). */
  fallbackDelaySeconds?: number;
  /** Longest single wait between rounds (default 60 s). */
  maxDelaySeconds?: number;
  /** Writes go ahead of others waiting for the pacer (restores). */
  urgent?: boolean;
  /** Called right before each envelope is sent (first time and resends); throwing stops the call without sending. */
  beforeSend?: () => void;
}

interface BatchResponseItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Answers after which the request may or may not have taken effect. */
export const isUncertain = (status: number) => status === 502 || status === 504;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs requests through $batch in chunks of 20, chunks in parallel under the client's concurrency limit.
 * Items answered 429/503/504 are resent (only those) after their Retry-After — the SDK middleware only sees
 * the outer 200 and cannot do this. Outcomes come back in input order.
 */
export async function runBatch(http: GraphHttp, items: BatchItem[], log: Logger, options: BatchOptions = {}): Promise<BatchOutcome[]> {
  const chunks: BatchItem[][] = [];
  for (let i = 0; i < items.length; i += BATCH_LIMIT) chunks.push(items.slice(i, i + BATCH_LIMIT));
  const results = await Promise.all(chunks.map((chunk) => runChunk(http, chunk, log, options)));
  return results.flat();
}

async function runChunk(http: GraphHttp, chunk: BatchItem[], log: Logger, options: BatchOptions): Promise<BatchOutcome[]> {
  const maxAttempts = options.maxItemAttempts ?? 5;
  const fallback = options.fallbackDelaySeconds ?? 2;
  const maxDelay = options.maxDelaySeconds ?? 60;
  const outcomes = new Array<BatchOutcome | undefined>(chunk.length);
  let pending = chunk.map((_, i) => i);

  for (let attempt = 1; pending.length > 0; attempt++) {
    // Item ids are positions in the chunk, so callers may repeat keys.
    const requests = pending.map((i) => {
      const it = chunk[i];
      const hasBody = it.body !== undefined;
      return {
        id: String(i),
        method: it.method,
        url: it.url,
        ...(hasBody ? { body: it.body } : {}),
        headers: { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...it.headers },
      };
    });

    // Writes (counted per item) wait for the shared pacer; reads in the same envelope ride along unpaced.
    const writes = pending.filter((i) => chunk[i].method !== 'GET');
    const sentAt = writes.length > 0 ? await http.pacer.acquire(writes.length, options.urgent) : http.pacer.clock();

    options.beforeSend?.();
    let responses: BatchResponseItem[];
    try {
      const reply = await http.json<{ responses?: BatchResponseItem[] }>({ method: 'POST', path: '/$batch', body: { requests } });
      responses = reply?.responses ?? [];
    } catch (err) {
      // The whole envelope failed (after the SDK's own retries): every pending item shares that failure.
      const failure = err instanceof GraphRequestError ? err.failure : toGraphFailure(err);
      for (const i of pending) outcomes[i] = { key: chunk[i].key, ok: false, failure };
      log.warn({ items: pending.length, kind: failure.kind }, 'graph $batch failed as a whole');
      break;
    }

    const retry: number[] = [];
    let waitSeconds = 0;
    let writesDone = 0;
    let writesThrottled = 0;
    let writeRetryAfter: number | undefined;
    const byId = new Map(responses.map((r) => [String(r.id), r]));
    for (const i of pending) {
      const r = byId.get(String(i));
      if (!r) {
        outcomes[i] = {
          key: chunk[i].key,
          ok: false,
          failure: { kind: 'unknown', status: 0, code: 'MissingBatchResponse', message: 'the $batch reply had no answer for this item' },
        };
        continue;
      }
      const isWrite = chunk[i].method !== 'GET';
      if (r.status >= 200 && r.status < 300) {
        outcomes[i] = { key: chunk[i].key, ok: true, status: r.status, body: r.body ?? null };
        if (isWrite) writesDone++;
        continue;
      }
      if (isWrite && r.status === 429) {
        writesThrottled++;
        const after = retryAfterSeconds(r.headers);
        if (after !== undefined) writeRetryAfter = Math.max(writeRetryAfter ?? 0, after);
      }
      const failure = toGraphFailure(r.status, r.body, r.headers);
      outcomes[i] = { key: chunk[i].key, ok: false, failure };
      const replay = chunk[i].replayUncertain !== false || !isUncertain(r.status);
      if (isTransient(failure) && replay && attempt < maxAttempts) {
        retry.push(i);
        const after = retryAfterSeconds(r.headers) ?? fallback * 2 ** (attempt - 1);
        waitSeconds = Math.max(waitSeconds, after);
      }
    }
    http.pacer.onSuccess(writesDone);
    if (writesThrottled > 0)
      http.pacer.onThrottled(sentAt, writeRetryAfter, http.pacer.clock(), writesDone / (writesDone + writesThrottled), writesThrottled);
    if (retry.length > 0) {
      log.debug({ items: retry.length, attempt, waitSeconds, route: routeOf(chunk[retry[0]].url) }, 'retrying throttled $batch items');
      await sleep(Math.min(waitSeconds, maxDelay) * 1000);
    }
    pending = retry;
  }
  return outcomes.map(
    (o, i) => o ?? { key: chunk[i].key, ok: false, failure: { kind: 'unknown', status: 0, code: 'NoOutcome', message: 'no outcome' } },
  );
}
