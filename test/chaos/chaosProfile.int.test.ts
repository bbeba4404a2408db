import { runChaos } from '../../scripts/chaos/suite';

const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';

// A run of two products through the real bot process: 300 users hold Office 365 E3 and EMS E3 directly, the admin
// starts the run of that license profile from `migrate` → "The whole tenant", and each approved user loses both direct
// assignments in one write. The process is killed with SIGKILL in the middle of a batch and between a removal (of
// both products) and its read-back, and stopped with SIGTERM mid-batch: the kill points where the recovery of several
// products (undoAll, which products are gone) does its work. The legacy automation licenses joiners with E3 and takes
// leavers' E3 only, so some users leave the profile mid-run keeping EMS. Milder faults and seven batches of at most 60
// keep this short; `npm run chaos -- --profile` goes through every kill point.
describe('chaos: a run of two products survives its process being killed', () => {
  it('removes each product of each user at most once, only after approval, and leaves nothing removable', async () => {
    const report = await runChaos({
      users: 300,
      profile: true,
      kills: ['midBatch', 'removalReadBack', 'gracefulStop'],
      maxBatchSize: 60,
      leaseSeconds: 10,
      sweepSeconds: 2,
      latencyMs: 10,
      processingDelayMs: 1000,
      faults: { rate429: 0.01, rate503: 0.005, rateTimeout: 0.001 },
    });
    expect(report.problems).toEqual([]);
    expect(report.products.sort()).toEqual(['EMS', 'ENTERPRISEPACK']);
    expect(report.restarts.map((r) => `${r.point}/${r.signal}`)).toEqual([
      'midBatch/SIGKILL',
      'removalReadBack/SIGKILL',
      'gracefulStop/SIGTERM',
    ]);
    for (const r of report.restarts) expect(r.resumeSeconds).toBeLessThanOrEqual(60);
    expect(report.invariantViolations).toBe(0);
    expect(report.stillRemovableBySku).toEqual({ [E3]: 0, [EMS]: 0 });
    expect(report.outcome.removed).toBeGreaterThan(250);
    // Both products went for everyone removed but leavers (whose E3 the automation took), one write per user.
    expect(report.tenantRemovals.bySku[EMS]).toBeGreaterThanOrEqual(report.outcome.removed - report.faults.leavers);
    expect(report.tenantRemovals.bySku[E3]).toBeGreaterThanOrEqual(report.outcome.removed - report.faults.leavers);
    expect(report.tenantRemovals.writes).toBeLessThanOrEqual(report.outcome.removed + report.outcome.failed);
  }, 300_000);
});
