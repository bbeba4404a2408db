export interface WritePacerOptions {
  /** Clock in ms (tests inject one). */
  now?: () => number;
  /** Span over which successful writes are counted to seed the paced rate (default 5 s). */
  windowMs?: number;
  /** Rate multiplier on a 429 for a write sent at the current rate (default 0.7); a mostly refused $batch cuts deeper, to at most half. */
  decreaseFactor?: number;
  /** Rate multiplier per quiet interval in which the pacer held writes back (default 1.05). */
  increaseFactor?: number;
  /** Quiet interval between increases (default 3 s). */
  increaseEveryMs?: number;
  /** Bucket capacity as seconds of the current rate: keeps bursts small (default 0.5 s). */
  burstSeconds?: number;
  /** Lowest paced rate in writes/s (default 1). */
  minRate?: number;
  /** After this long without a 429 the pacer stops pacing (default 120 s). */
  releaseAfterMs?: number;
}

export type PacerMode = 'open' | 'paced';

/** What the pacer currently does, for logs and tests. */
export interface PacerState {
  mode: PacerMode;
  /** Paced writes per second (0 while open). */
  rate: number;
  /** Clock time until which no write may be sent (0 when none). */
  gateUntil: number;
}

/** Largest single decrease: halving. */
const DEEPEST_CUT = 0.5;
/**
 * A request the server took nearly whole (this share or more of its writes) was refused sporadically, not because the
 * pace is too high: it holds writes for Retry-After but does not lower the rate. Cutting on every such refusal lets
 * a steady trickle of 429s (a few percent, whatever the pace) drive the rate down to its floor.
 */
const SPARSE_REFUSAL = 0.9;
/** A request the server mostly refused (less than this share taken) is pace pressure on its own. */
const MOSTLY_REFUSED = 0.5;
/**
 * Between the two, a refusal lowers the rate only when the writes of the recent window were refused at least this
 * often: a few percent of 429s that come whatever the pace (a busy tenant, a noisy neighbour) scatter a handful of
 * refusals over some requests, while a pace above the server's refuses a growing share of everything.
 */
const PRESSURE_SHARE = 0.1;
/**
 * The refusal share is taken over the last this many writes (and at most REFUSAL_WINDOW_MS back), so that at a low
 * pace it still rests on enough writes to tell a trickle from pressure.
 */
const REFUSAL_SAMPLE = 200;
const REFUSAL_WINDOW_MS = 60_000;
/**
 * Fewer writes than this say too little about the share: a single write's 429 then counts as pressure, a partly
 * refused $batch does not. Cutting on thin evidence at a low pace kept the rate at its floor once it got there.
 */
const PRESSURE_SAMPLE = 100;
/** Growth per quiet interval from the switch to pacing until the first cut: a low seed climbs in seconds, not minutes. */
const SLOW_START_FACTOR = 1.5;

interface Waiter {
  writes: number;
  resolve: (sentAt: number) => void;
  urgent: boolean;
}

/**
 * Shared pacing of directory writes for one Graph client. Open (no cost) until a write is answered 429;
 * from then every write waits for the Retry-After gate and for tokens of an adaptive (AIMD) bucket,
 * so parallel batches stop hitting an empty server bucket. Reads never pass through here.
 */
export class WritePacer {
  private readonly now: () => number;
  private readonly o: Required<Omit<WritePacerOptions, 'now'>>;
  private mode: PacerMode = 'open';
  private rate = 0;
  private tokens = 0;
  private lastRefill = 0;
  private gateUntil = 0;
  private lastDecreaseAt = -Infinity;
  private lastThrottleAt = -Infinity;
  private lastIncreaseAt = -Infinity;
  /** Whether any write had to wait since the last increase: a rate nobody uses must not grow. */
  private heldBack = false;
  private successes: { at: number; n: number }[] = [];
  /** Recent writes sent, accepted and refused, for the share that tells pace pressure from sporadic refusals. */
  private readonly recent: { at: number; ok: number; refused: number }[] = [];
  private recentOk = 0;
  private recentRefused = 0;
  /** From the switch to pacing until the first cut the rate grows fast: the seed may be a start-up trickle. */
  private slowStart = false;
  private firstSuccessAt: number | null = null;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(options: WritePacerOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.o = {
      windowMs: options.windowMs ?? 5000,
      decreaseFactor: options.decreaseFactor ?? 0.7,
      increaseFactor: options.increaseFactor ?? 1.05,
      increaseEveryMs: options.increaseEveryMs ?? 3000,
      burstSeconds: options.burstSeconds ?? 0.5,
      minRate: options.minRate ?? 1,
      releaseAfterMs: options.releaseAfterMs ?? 120_000,
    };
    if (!(this.o.decreaseFactor > 0 && this.o.decreaseFactor < 1))
      throw new Error(`decreaseFactor must be between 0 and 1, got ${this.o.decreaseFactor}`);
    if (!(this.o.increaseFactor >= 1)) throw new Error(`increaseFactor must be at least 1, got ${this.o.increaseFactor}`);
    if (!(this.o.minRate > 0)) throw new Error(`minRate must be > 0, got ${this.o.minRate}`);
  }

  /** Current mode, rate and gate. */
  state(): PacerState {
    return { mode: this.mode, rate: this.mode === 'paced' ? this.rate : 0, gateUntil: this.gateUntil };
  }

  /** Current clock reading, so callers stamp send times on the pacer's clock. */
  clock(): number {
    return this.now();
  }

  /**
   * Decision for `writes` writes at `now`: 0 means they may go (tokens taken), otherwise ms to wait before asking again.
   * A request larger than the bucket goes once the bucket is full and leaves it in debt, so the average rate still holds.
   */
  tryTake(writes: number, now: number): number {
    this.adapt(now);
    if (now < this.gateUntil) {
      this.heldBack = true;
      return this.gateUntil - now;
    }
    if (this.mode === 'open' || writes <= 0) return 0;
    this.refill(now);
    const need = Math.min(writes, this.capacity());
    if (this.tokens >= need) {
      this.tokens -= writes;
      return 0;
    }
    this.heldBack = true;
    return Math.max(1, ((need - this.tokens) / this.rate) * 1000);
  }

  /** Records writes the server accepted (they seed the rate when throttling starts). */
  onSuccess(writes: number, now = this.now()): void {
    if (writes <= 0) return;
    if (this.firstSuccessAt === null) this.firstSuccessAt = now;
    this.successes.push({ at: now, n: writes });
    this.remember(now, writes, 0);
    this.prune(now);
  }

  /**
   * Records a write answered 429. Holds all writes for Retry-After; the first 429 switches to pacing at the recently
   * observed success rate; a 429 for a write sent after the last decrease lowers the rate (older ones say nothing new)
   * when it shows pace pressure. `acceptedShare` (writes of that request the server took, 0–1) deepens the cut when most
   * were refused, so a rate far above the server's converges in a few steps rather than many; `refusedWrites` (default 1)
   * feeds the recent refusal share that tells pressure from sporadic refusals.
   */
  onThrottled(sentAt: number, retryAfterSeconds: number | undefined, now = this.now(), acceptedShare?: number, refusedWrites = 1): void {
    const holdMs = Math.max(0, retryAfterSeconds ?? 1) * 1000;
    this.gateUntil = Math.max(this.gateUntil, now + holdMs);
    this.lastThrottleAt = now;
    if (refusedWrites > 0) this.remember(now, 0, refusedWrites);
    this.prune(now);
    if (this.mode === 'open') {
      this.mode = 'paced';
      this.rate = Math.max(this.o.minRate, this.observedRate(now));
      this.tokens = 0;
      this.lastRefill = now;
      this.lastDecreaseAt = now;
      this.slowStart = true;
    } else if (sentAt >= this.lastDecreaseAt && this.underPressure(acceptedShare)) {
      this.refill(now);
      const factor =
        acceptedShare === undefined ? this.o.decreaseFactor : Math.max(DEEPEST_CUT, Math.min(this.o.decreaseFactor, acceptedShare));
      this.rate = Math.max(this.o.minRate, this.rate * factor);
      this.tokens = Math.min(this.tokens, 0);
      this.lastDecreaseAt = now;
      this.slowStart = false;
    }
    this.pump();
  }

  /** Waits until `writes` writes may be sent (urgent ones before every routine waiter); resolves with the send time for onThrottled. */
  acquire(writes: number, urgent = false): Promise<number> {
    const now = this.now();
    if ((this.queue.length === 0 || urgent) && this.tryTake(writes, now) === 0) return Promise.resolve(now);
    return new Promise((resolve) => {
      // A restore gives a user back a service they just lost: it waits for tokens, never behind queued removals.
      const firstRoutine = urgent ? this.queue.findIndex((w) => !w.urgent) : -1;
      this.queue.splice(firstRoutine === -1 ? this.queue.length : firstRoutine, 0, { writes, resolve, urgent });
      this.pump();
    });
  }

  /** Share of the recent writes (see REFUSAL_SAMPLE) that were refused (0 when none were sent). */
  refusedShare(now: number): number {
    this.prune(now);
    const sent = this.recentOk + this.recentRefused;
    return sent === 0 ? 0 : this.recentRefused / sent;
  }

  /** Successful writes per second over the recent window. */
  observedRate(now: number): number {
    this.prune(now);
    if (this.firstSuccessAt === null) return 0;
    const span = Math.max(1000, Math.min(this.o.windowMs, now - this.firstSuccessAt));
    return this.successes.reduce((s, x) => s + x.n, 0) / (span / 1000);
  }

  private underPressure(acceptedShare: number | undefined): boolean {
    if (acceptedShare !== undefined && acceptedShare >= SPARSE_REFUSAL) return false;
    if (acceptedShare !== undefined && acceptedShare < MOSTLY_REFUSED) return true;
    const sent = this.recentOk + this.recentRefused;
    if (sent < PRESSURE_SAMPLE) return acceptedShare === undefined;
    return this.recentRefused / sent >= PRESSURE_SHARE;
  }

  private remember(now: number, ok: number, refused: number): void {
    this.recent.push({ at: now, ok, refused });
    this.recentOk += ok;
    this.recentRefused += refused;
  }

  // Waiters go strictly in order, so a batch of 20 is not overtaken forever by smaller retries.
  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.queue.length > 0) {
      const now = this.now();
      const wait = this.tryTake(this.queue[0].writes, now);
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, Math.ceil(wait));
        return;
      }
      this.queue.shift()!.resolve(now);
    }
  }

  private adapt(now: number): void {
    if (this.mode !== 'paced') return;
    if (now - this.lastThrottleAt >= this.o.releaseAfterMs) {
      this.mode = 'open';
      this.rate = 0;
      this.heldBack = false;
      return;
    }
    // Only a cut restarts the quiet interval: refusals that come whatever the pace would otherwise freeze the rate.
    const since = Math.max(this.lastDecreaseAt, this.lastIncreaseAt);
    if (now - since >= this.o.increaseEveryMs) {
      this.refill(now);
      if (this.heldBack) this.rate *= this.slowStart ? Math.max(SLOW_START_FACTOR, this.o.increaseFactor) : this.o.increaseFactor;
      this.heldBack = false;
      this.lastIncreaseAt = now;
    }
  }

  private capacity(): number {
    return Math.max(1, this.rate * this.o.burstSeconds);
  }

  private refill(now: number): void {
    if (now > this.lastRefill) {
      this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.lastRefill) / 1000) * this.rate);
      this.lastRefill = now;
    }
  }

  private prune(now: number): void {
    const from = now - this.o.windowMs;
    let i = 0;
    while (i < this.successes.length && this.successes[i].at < from) i++;
    if (i > 0) this.successes.splice(0, i);
    // Drop the oldest writes while the rest still make a full sample, and anything older than the refusal window.
    let j = 0;
    for (; j < this.recent.length; j++) {
      const r = this.recent[j];
      const old = r.at < now - REFUSAL_WINDOW_MS;
      const spare = this.recentOk + this.recentRefused - (r.ok + r.refused) >= REFUSAL_SAMPLE;
      if (!old && !spare) break;
      this.recentOk -= r.ok;
      this.recentRefused -= r.refused;
    }
    if (j > 0) this.recent.splice(0, j);
  }
}
