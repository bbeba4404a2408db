import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { ConversationRateLimit, TEAMS_CONVERSATION_LIMITS, type RateWindow } from './conversationRateLimit';

/** Where a proactive message goes: the stored reference of a conversation. */
export type ConversationRef = Partial<ConversationReference>;

/** Proactive sending, behind an interface so tests can observe or replace it. */
export interface Notifier {
  /** Posts a new activity; resolves to its id once sent. */
  post(conversation: ConversationRef, activity: Partial<Activity>): Promise<string | undefined>;
  /**
   * Replaces an earlier activity. Queued edits of the same activity that have not started yet are
   * coalesced: only the newest content is sent, and every caller's promise settles with it.
   */
  update(conversation: ConversationRef, activityId: string, activity: Partial<Activity>): Promise<void>;
  /** Resolves when nothing is queued or in flight. */
  drain(): Promise<void>;
}

/** The part of a botbuilder adapter proactive messaging needs. */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: ConversationRef, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

export interface NotifierOptions {
  /** Per-conversation limits; default Teams' documented ones (7/1 s, 8/2 s, 60/30 s, 1,800/h). */
  limits?: readonly RateWindow[];
  /** Attempts per operation on retryable failures. */
  maxAttempts?: number;
  /** First back-off delay when the service gives no Retry-After. */
  baseBackoffMs?: number;
  logger?: Logger;
}

const RETRYABLE = new Set([412, 429, 502, 503, 504]);

interface Job {
  kind: 'post' | 'update';
  activityId?: string;
  activity: Partial<Activity>;
  waiters: { resolve: (id: string | undefined) => void; reject: (err: unknown) => void }[];
}

interface Lane {
  jobs: Job[];
  running: boolean;
  limit: ConversationRateLimit;
}

/** Proactive notifier over `adapter.continueConversationAsync`, rate-limited per conversation. */
export class AdapterNotifier implements Notifier {
  private readonly lanes = new Map<string, Lane>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;

  constructor(
    private readonly adapter: ProactiveAdapter,
    private readonly botAppId: string,
    private readonly options: NotifierOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseBackoffMs = options.baseBackoffMs ?? 500;
  }

  post(conversation: ConversationRef, activity: Partial<Activity>): Promise<string | undefined> {
    return this.enqueue(conversation, { kind: 'post', activity, waiters: [] });
  }

  async update(conversation: ConversationRef, activityId: string, activity: Partial<Activity>): Promise<void> {
    const lane = this.lane(conversation);
    const queued = lane.jobs.find((j) => j.kind === 'update' && j.activityId === activityId);
    if (queued) {
      queued.activity = activity;
      await new Promise<string | undefined>((resolve, reject) => queued.waiters.push({ resolve, reject }));
      return;
    }
    await this.enqueue(conversation, { kind: 'update', activityId, activity, waiters: [] });
  }

  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    for (const lane of this.lanes.values()) if (lane.running || lane.jobs.length > 0) return false;
    return true;
  }

  private lane(conversation: ConversationRef): Lane {
    const key = conversation.conversation?.id ?? 'unknown';
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { jobs: [], running: false, limit: new ConversationRateLimit(this.options.limits ?? TEAMS_CONVERSATION_LIMITS) };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private enqueue(conversation: ConversationRef, job: Job): Promise<string | undefined> {
    const lane = this.lane(conversation);
    const done = new Promise<string | undefined>((resolve, reject) => job.waiters.push({ resolve, reject }));
    lane.jobs.push(job);
    if (!lane.running) void this.pump(conversation, lane);
    return done;
  }

  private async pump(conversation: ConversationRef, lane: Lane): Promise<void> {
    lane.running = true;
    try {
      while (lane.jobs.length > 0) {
        // While this waits, newer edits of a queued card replace its content, so waiting also thins edits out.
        for (let wait = lane.limit.delayMs(Date.now()); wait > 0; wait = lane.limit.delayMs(Date.now())) await sleep(wait);
        const job = lane.jobs.shift()!;
        lane.limit.record(Date.now());
        try {
          const id = await this.withRetry(() => this.send(conversation, job));
          job.waiters.forEach((w) => w.resolve(id));
        } catch (err) {
          this.options.logger?.warn(
            { status: statusOf(err), kind: job.kind, conversationId: conversation.conversation?.id },
            'proactive message failed',
          );
          job.waiters.forEach((w) => w.reject(err));
        }
      }
    } finally {
      lane.running = false;
      if (this.isIdle()) this.idleWaiters.splice(0).forEach((r) => r());
    }
  }

  private async send(conversation: ConversationRef, job: Job): Promise<string | undefined> {
    let id: string | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, conversation, async (context) => {
      if (job.kind === 'post') {
        id = (await context.sendActivity(job.activity))?.id;
      } else {
        await context.updateActivity({ ...job.activity, id: job.activityId, type: job.activity.type ?? 'message' });
        id = job.activityId;
      }
    });
    return id;
  }

  private async withRetry<T>(op: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (err) {
        const status = statusOf(err);
        if (!status || !RETRYABLE.has(status) || attempt >= this.maxAttempts) throw err;
        const retryAfter = retryAfterMs(err);
        await sleep(retryAfter ?? this.baseBackoffMs * 2 ** (attempt - 1));
      }
    }
  }
}

/** HTTP status of a connector failure, whichever client library raised it. */
export function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; status?: number; response?: { status?: number } } | undefined;
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}

function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as { response?: { headers?: { get?: (n: string) => string | undefined } & Record<string, unknown> } })?.response
    ?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers?.['retry-after'] as string | undefined);
  const seconds = raw !== undefined ? Number(raw) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, 60_000) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
