import { runChaos } from '../../scripts/chaos/suite';

// The real bot process (`npm run bot`'s entry point) is killed with SIGKILL during preparation, while waiting for
// license processing, right after an approval, in the middle of a batch and between a removal and its read-back,
// then stopped with SIGTERM mid-batch; each time it is started again at once on the same storage. Graph answers
// 2% 429 and 1% 503 and drops 0.2% of responses; the legacy automation adds joiners and removes leavers throughout.
// The lease here is 10 s (LEASE_SECONDS) and the faults are milder than `npm run chaos` (5%, 2%, 0.3%, default
// lease) so that npm test stays short: random 429s make the write pacing slow the whole run down.
describe('chaos: a migration survives its process being killed', () => {
  it('completes by itself after every restart, with every user removed at most once and only after approval', async () => {
    const report = await runChaos({
      users: 1000,
      leaseSeconds: 10,
      sweepSeconds: 2,
      latencyMs: 10,
      processingDelayMs: 1500,
      faults: { rate429: 0.02, rate503: 0.01, rateTimeout: 0.002 },
    });
    expect(report.problems).toEqual([]);
    expect(report.restarts.map((r) => `${r.point}/${r.signal}`)).toEqual([
      'preparation/SIGKILL',
      'processing/SIGKILL',
      'approval/SIGKILL',
      'midBatch/SIGKILL',
      'removalReadBack/SIGKILL',
      'gracefulStop/SIGTERM',
    ]);
    for (const r of report.restarts) expect(r.resumeSeconds).toBeLessThanOrEqual(60);
    // A graceful stop hands the lease back: the next process need not wait for it to run out.
    expect(report.restarts[5].resumeSeconds).toBeLessThan(report.restarts[3].resumeSeconds);
    expect(report.invariantViolations).toBe(0);
    expect(report.stillRemovable).toBe(0);
    expect(report.outcome.removed).toBeGreaterThan(800);
    expect(report.faults.throttled429 + report.faults.unavailable503).toBeGreaterThan(0);
  }, 600_000);
});
