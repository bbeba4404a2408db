/** One of Teams' per-bot, per-conversation limits: at most `max` operations in any `ms` window. */
export interface RateWindow {
  ms: number;
  max: number;
}

/**
 * Teams' documented per-bot-per-thread limits ("Optimize your bot with rate limiting in Teams"):
 * 7 operations per second, 8 per 2 s, 60 per 30 s and 1,800 per hour.
 */
export const TEAMS_CONVERSATION_LIMITS: readonly RateWindow[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1_800 },
];

/** Sliding-window accounting of the operations sent to one conversation. */
export class ConversationRateLimit {
  private readonly sent: number[] = [];
  private readonly horizon: number;

  /**
   * @param marginMs widens every window: an operation counted when it starts arrives at Teams a little later,
   * and the bench measured 9 arrivals in 2 s with no margin.
   */
  constructor(
    private readonly windows: readonly RateWindow[] = TEAMS_CONVERSATION_LIMITS,
    private readonly marginMs = 250,
  ) {
    this.horizon = Math.max(...windows.map((w) => w.ms)) + marginMs;
  }

  /** Milliseconds to wait before the next operation keeps every window within its limit. */
  delayMs(now: number): number {
    this.prune(now);
    let wait = 0;
    for (const w of this.windows) {
      const span = w.ms + this.marginMs;
      const inWindow = this.sent.filter((t) => t > now - span);
      if (inWindow.length >= w.max) {
        // The operation that must leave the window before another one fits.
        const oldestToExpire = inWindow[inWindow.length - w.max];
        wait = Math.max(wait, oldestToExpire + span - now + 1);
      }
    }
    return wait;
  }

  /** Records an operation sent at `now`. */
  record(now: number): void {
    this.sent.push(now);
  }

  private prune(now: number): void {
    while (this.sent.length && this.sent[0] <= now - this.horizon) this.sent.shift();
  }
}
