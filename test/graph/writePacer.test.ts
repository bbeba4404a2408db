import { WritePacer } from '../../src/graph/writePacer';

/** A pacer on a hand-driven clock: every decision is a pure function of the calls made. */
function pacerAt(options: ConstructorParameters<typeof WritePacer>[0] = {}) {
  const clock = { t: 0 };
  const pacer = new WritePacer({ now: () => clock.t, ...options });
  return { pacer, clock };
}

/** Drives the pacer into paced mode at `rate` writes/s: rate×1 s of successes, then one 429 with Retry-After 1 s at t=1000. */
function pacedAt(rate: number, options: ConstructorParameters<typeof WritePacer>[0] = {}) {
  const p = pacerAt(options);
  p.pacer.onSuccess(rate / 2, 0);
  p.pacer.onSuccess(rate / 2, 500);
  p.clock.t = 1000;
  p.pacer.onThrottled(900, 1, 1000);
  return p;
}

describe('WritePacer (injected clock)', () => {
  it('should let every write through at once before the first 429', async () => {
    const { pacer, clock } = pacerAt();
    clock.t = 42;
    expect(pacer.tryTake(20, 42)).toBe(0);
    expect(pacer.tryTake(1000, 42)).toBe(0);
    await expect(pacer.acquire(20)).resolves.toBe(42);
    expect(pacer.state()).toEqual({ mode: 'open', rate: 0, gateUntil: 0 });
  });

  it('should hold all writes until Retry-After and then pace at the recently observed success rate', () => {
    const { pacer } = pacedAt(100);
    expect(pacer.state()).toEqual({ mode: 'paced', rate: 100, gateUntil: 2000 });
    expect(pacer.tryTake(1, 1000)).toBe(1000);
    expect(pacer.tryTake(20, 1500)).toBe(500);
    // Bucket of 0.5 s at 100/s = 50 tokens, full after the 1 s hold: two batches of 20 go, the third waits for 10 more.
    expect(pacer.tryTake(20, 2000)).toBe(0);
    expect(pacer.tryTake(20, 2000)).toBe(0);
    expect(pacer.tryTake(20, 2000)).toBe(100);
    expect(pacer.tryTake(20, 2100)).toBe(0);
  });

  it('should send a request larger than the bucket once the bucket is full, leaving a debt that keeps the average rate', () => {
    const { pacer } = pacedAt(20);
    // 20/s, bucket 10: a $batch of 20 goes on a full bucket; the next waits for the debt of 10 plus a full bucket (1 s).
    expect(pacer.tryTake(20, 2000)).toBe(0);
    expect(pacer.tryTake(20, 2000)).toBe(1000);
    expect(pacer.tryTake(20, 3000)).toBe(0);
  });

  it('should lower the rate multiplicatively for a 429 on a write sent at the current rate, and only then', () => {
    const { pacer } = pacedAt(10);
    // Sent before the switch to pacing: it says nothing about the paced rate, only extends the gate.
    pacer.onThrottled(950, 2, 1200);
    expect(pacer.state()).toEqual({ mode: 'paced', rate: 10, gateUntil: 3200 });
    // A dozen writes say little about a refusal share: a lone write's 429 is all the pacer knows, so it counts as pressure.
    pacer.onThrottled(3300, 1, 3400);
    expect(pacer.state().rate).toBeCloseTo(7);
    pacer.onThrottled(3350, 1, 3450);
    expect(pacer.state().rate).toBeCloseTo(7);
    pacer.onThrottled(3500, 1, 3600);
    expect(pacer.state().rate).toBeCloseTo(4.9);
  });

  it('should cut deeper, down to half, when most writes of the throttled request were refused', () => {
    const { pacer } = pacedAt(100);
    pacer.onThrottled(2100, 1, 2200, 0, 20);
    expect(pacer.state().rate).toBeCloseTo(50);
    pacer.onThrottled(2300, 1, 2400, 0.6, 8);
    expect(pacer.state().rate).toBeCloseTo(30);
    // A request with a fifth refused, in a window where many were, still cuts by the configured factor.
    pacer.onThrottled(2500, 1, 2600, 0.8, 4);
    expect(pacer.state().rate).toBeCloseTo(21);
  });

  it('should only hold, not slow down, for a request the server took nearly whole (sporadic 429s)', () => {
    const { pacer } = pacedAt(100);
    pacer.onThrottled(2100, 2, 2200, 19 / 20);
    expect(pacer.state()).toEqual({ mode: 'paced', rate: 100, gateUntil: 4200 });
    pacer.onThrottled(4300, 1, 4400, 0.9, 2);
    expect(pacer.state().rate).toBe(100);
  });

  it('should keep its rate through a steady few percent of refusals that come whatever the pace', () => {
    const { pacer } = pacedAt(100);
    // One minute of $batch requests of 20 every 200 ms: one write in twenty refused, and every tenth request three.
    for (let t = 2000, i = 0; t < 62_000; t += 200, i++) {
      const refused = i % 10 === 0 ? 3 : 1;
      pacer.tryTake(40, t);
      pacer.onSuccess(20 - refused, t + 50);
      pacer.onThrottled(t, 0, t + 50, (20 - refused) / 20, refused);
    }
    expect(pacer.refusedShare(62_000)).toBeCloseTo(0.06, 2);
    // Writes were held back all along, so the rate grew rather than sank.
    expect(pacer.state().rate).toBeGreaterThan(100);
  });

  it('should lower the rate when the recent window shows a growing share refused (pace above the server)', () => {
    const { pacer } = pacedAt(100);
    for (let t = 2000; t < 7000; t += 200) {
      pacer.onSuccess(17, t + 50);
      pacer.onThrottled(t, 0, t + 50, 17 / 20, 3);
    }
    expect(pacer.refusedShare(7000)).toBeGreaterThan(0.1);
    expect(pacer.state().rate).toBeLessThan(100);
  });

  it('should never go below the minimum rate', () => {
    const { pacer } = pacedAt(2, { minRate: 1 });
    for (let t = 2000; t < 20000; t += 1000) pacer.onThrottled(t, 0, t);
    expect(pacer.state().rate).toBe(1);
  });

  it('should raise the rate fast until the first cut, then slowly, and only when writes were actually held back', () => {
    const { pacer } = pacedAt(100);
    // Quiet and unused: no increase.
    pacer.tryTake(1, 4500);
    expect(pacer.state().rate).toBeCloseTo(100);
    // Held back in the next interval: the seed may have been a start-up trickle, so +50% at its end.
    for (let i = 0; i < 5; i++) pacer.tryTake(20, 5000);
    pacer.tryTake(1, 7600);
    expect(pacer.state().rate).toBeCloseTo(150);
    // A 429 that lowers the rate restarts the quiet interval and ends the fast climb.
    for (let i = 0; i < 5; i++) pacer.tryTake(20, 7700);
    pacer.onThrottled(7700, 0, 8000, 0, 20);
    expect(pacer.state().rate).toBeCloseTo(75);
    pacer.tryTake(1, 10_500);
    expect(pacer.state().rate).toBeCloseTo(75);
    for (let i = 0; i < 5; i++) pacer.tryTake(20, 11_000);
    pacer.tryTake(1, 13_600);
    expect(pacer.state().rate).toBeCloseTo(78.75);
  });

  it('should climb back from its floor under a steady trickle of refusals that come whatever the pace', () => {
    // The case a restarted process met: paced at a start-up trickle, then 5% of writes refused at random.
    const { pacer } = pacedAt(2);
    let t = 2000;
    for (let i = 0; i < 600; i++, t += 100) {
      if (pacer.tryTake(20, t) > 0) continue;
      const refused = i % 10 === 0 ? 3 : 1;
      pacer.onSuccess(20 - refused, t + 50);
      pacer.onThrottled(t, 0, t + 50, (20 - refused) / 20, refused);
    }
    // A minute later the pace is far above the trickle it started from.
    expect(pacer.state().rate).toBeGreaterThan(50);
  });

  it('should seed the rate from successes within the window only, with at least 1 s of span', () => {
    const { pacer } = pacerAt({ windowMs: 5000 });
    pacer.onSuccess(500, 0);
    pacer.onSuccess(40, 9000);
    expect(pacer.observedRate(10_000)).toBeCloseTo(8);
    const fresh = pacerAt().pacer;
    fresh.onSuccess(30, 100);
    expect(fresh.observedRate(200)).toBe(30);
    expect(new WritePacer({ now: () => 0 }).observedRate(0)).toBe(0);
  });

  it('should stop pacing after a long quiet spell', () => {
    const { pacer } = pacedAt(50, { releaseAfterMs: 60_000 });
    expect(pacer.tryTake(1, 60_999)).toBe(0);
    expect(pacer.state().mode).toBe('paced');
    expect(pacer.tryTake(500, 61_000)).toBe(0);
    expect(pacer.state().mode).toBe('open');
  });

  it('should fall back to a 1 s hold when a 429 carries no Retry-After', () => {
    const { pacer } = pacerAt();
    pacer.onThrottled(0, undefined, 500);
    expect(pacer.state().gateUntil).toBe(1500);
    expect(pacer.state().rate).toBe(1);
  });

  it('should reject nonsensical tuning with a message naming the setting', () => {
    expect(() => new WritePacer({ decreaseFactor: 1.2 })).toThrow(/decreaseFactor/);
    expect(() => new WritePacer({ increaseFactor: 0.5 })).toThrow(/increaseFactor/);
    expect(() => new WritePacer({ minRate: 0 })).toThrow(/minRate/);
  });
});

describe('WritePacer queue (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('should release waiting writes in arrival order, only after the gate opens', async () => {
    const pacer = new WritePacer({ now: () => Date.now() });
    pacer.onSuccess(20, 0);
    pacer.onThrottled(0, 2, 0);
    const order: string[] = [];
    const a = pacer.acquire(20).then(() => order.push('a'));
    const b = pacer.acquire(1).then(() => order.push('b'));
    await jest.advanceTimersByTimeAsync(1999);
    expect(order).toEqual([]);
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
  });

  it('should let an urgent write (a restore) go before routine writes that queued earlier, and after the gate like them', async () => {
    const pacer = new WritePacer({ now: () => Date.now() });
    pacer.onSuccess(20, 0);
    pacer.onThrottled(0, 2, 0);
    const order: string[] = [];
    const routine = ['r1', 'r2', 'r3'].map((name) => pacer.acquire(20).then(() => order.push(name)));
    const restore = pacer.acquire(1, true).then(() => order.push('restore'));
    const second = pacer.acquire(1, true).then(() => order.push('restore2'));
    await jest.advanceTimersByTimeAsync(1999);
    expect(order).toEqual([]);
    await jest.advanceTimersByTimeAsync(60_000);
    await Promise.all([...routine, restore, second]);
    // Urgent writes keep their own arrival order among themselves.
    expect(order).toEqual(['restore', 'restore2', 'r1', 'r2', 'r3']);
  });
});
