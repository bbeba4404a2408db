import { ConversationRateLimit, TEAMS_CONVERSATION_LIMITS } from '../../src/bot/conversationRateLimit';

/** Largest number of operations inside any window of `ms` ending at one of the sends. */
function busiest(sent: number[], ms: number): number {
  return Math.max(0, ...sent.map((t) => sent.filter((u) => u > t - ms && u <= t).length));
}

describe('ConversationRateLimit', () => {
  it('should let 7 operations through in a second and hold the 8th until the first leaves the window', () => {
    const limit = new ConversationRateLimit([{ ms: 1000, max: 7 }], 0);
    for (let t = 0; t < 7; t++) {
      expect(limit.delayMs(t)).toBe(0);
      limit.record(t);
    }
    expect(limit.delayMs(6)).toBe(995);
    expect(limit.delayMs(1001)).toBe(0);
  });

  it("should keep every one of Teams' windows, with room for arrival jitter, when an operation is sent as soon as allowed", () => {
    const limit = new ConversationRateLimit(TEAMS_CONVERSATION_LIMITS, 250);
    const sent: number[] = [];
    let now = 0;
    while (now < 120_000) {
      now += limit.delayMs(now);
      limit.record(now);
      sent.push(now);
    }
    // Each send arriving up to 250 ms late still keeps every window.
    for (const w of TEAMS_CONVERSATION_LIMITS) expect(busiest(sent, w.ms + 250)).toBeLessThanOrEqual(w.max);
    // The 30-second window is what binds over two minutes.
    expect(busiest(sent, 30_250)).toBe(60);
  });
});
