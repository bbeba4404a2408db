import { createLicensingGraph } from '../../src/graph';
import { MigrationService } from '../../src/migration/engine';
import { applyReprocess } from '../../src/migration/reprocess';
import type { VerificationReport } from '../../src/migration/types';
import { E3, fixture, startHarness, type Harness } from '../support/engineHarness';

const uid = (prefix: string, n: number) => `00000000-0000-${prefix}-0000-${n.toString(16).padStart(12, '0')}`;
const GROUP = uid('0201', 1);
const OUTSIDER = uid('0200', 0xf0);
const ADMIN = 'admin-1';

describe('reprocessing users in error (errors-mix)', () => {
  let h: Harness;
  let runId: string;
  let report: VerificationReport;
  const withCode = (code: string) => report.problems.filter((p) => p.error === code).map((p) => p.userId);
  const reprocessEntries = async () => (await h.journal.read(runId)).filter((e) => e.kind.startsWith('license.reprocess'));
  const reprocessCalls = async () => (await h.control('/stats')).requests['POST /users/{id}/reprocessLicenseAssignment'] ?? 0;

  beforeEach(async () => {
    h = await startHarness(
      fixture('errors-mix.json', (f) => {
        // Someone in the tenant who has nothing to do with the run: no E3, not in its group.
        f.users.push({
          id: OUTSIDER,
          userPrincipalName: 'outsider@fabrikam.onmicrosoft.com',
          displayName: 'Outsider',
          usageLocation: 'US',
          assignedLicenses: [],
        });
      }),
    );
    const run = await h.engine.createRun({ requestedBy: ADMIN, skuId: E3, group: { id: GROUP } });
    runId = run.id;
    await h.engine.prepare(runId);
    report = await h.engine.verify(runId);
    expect(withCode('CountViolation')).toHaveLength(4);
  });
  afterEach(() => h.close());

  it('should say how many units are missing and who holds the SKU only directly', async () => {
    const sku = (await h.graph.listSkus()).find((s) => s.skuId === E3)!;
    const free = Math.max(0, sku.prepaidUnits.enabled + sku.prepaidUnits.warning - sku.consumedUnits);
    const shortage = await h.engine.unitShortage(runId, report);
    expect(shortage).toMatchObject({ skuPartNumber: sku.skuPartNumber, waiting: 4, atLeast: false, freeUnits: free, missing: 4 - free });
    // Direct holders whose group path failed or is missing hold their unit through the direct path alone.
    const directOnly = report.problems.filter((p) => p.class === 'error' && p.directDisabledPlans !== null).length;
    expect(shortage!.directOnly.count).toBeGreaterThanOrEqual(directOnly);
    expect(shortage!.directOnly.first.length).toBe(Math.min(5, shortage!.directOnly.count));
    expect(
      await h.engine.unitShortage(runId, { ...report, problems: report.problems.filter((p) => p.error !== 'CountViolation') }),
    ).toBeNull();
  });

  it('should refuse bad input whole, with a specific message, sending and journaling nothing', async () => {
    const cv = withCode('CountViolation');
    await expect(h.engine.reprocess(runId, [], ADMIN)).rejects.toThrow(/at least one user/);
    await expect(h.engine.reprocess(runId, ['not-a-guid'], ADMIN)).rejects.toThrow(/not-a-guid is not a user id \(a GUID\)/);
    await expect(h.engine.reprocess(runId, [cv[0], uid('0200', 0xee)], ADMIN)).rejects.toThrow(
      /no such user: .*0000000000ee.*Nothing was reprocessed/,
    );
    await expect(h.engine.reprocess(runId, [cv[0], OUTSIDER], ADMIN)).rejects.toThrow(/not users of this run: outsider@fabrikam/);
    await expect(h.engine.reprocess(runId, cv, ' ')).rejects.toThrow(/id of the admin/);
    await expect(h.engine.reprocess('no-such-run', cv, ADMIN)).rejects.toThrow(/no-such-run/);
    const many = Array.from({ length: 101 }, (_, i) => uid('0200', 0x100 + i));
    await expect(h.engine.reprocess(runId, many, ADMIN)).rejects.toThrow(/At most 100/);
    expect(await reprocessEntries()).toEqual([]);
    expect(await reprocessCalls()).toBe(0);
  });

  it('should resolve CountViolation once units are freed, keep the others with their current error, and journal both sides', async () => {
    const cv = withCode('CountViolation');
    const prohibited = withCode('ProhibitedInUsageLocationViolation');
    const ready = report.samples.ready[0].userId;
    const directBefore = await Promise.all(cv.concat(prohibited, ready).map(async (id) => (await h.graph.getUser(id))!.assignedLicenses));
    const sku = (await h.graph.listSkus()).find((s) => s.skuId === E3)!;
    await h.control(`/skus/${E3}/mutate`, 'POST', { prepaidUnits: { enabled: sku.prepaidUnits.enabled + 10 } });

    const result = await h.engine.reprocess(runId, [...cv, ...prohibited, ready], ADMIN);
    expect(result.settled).toBe(true);
    const outcome = (id: string) => result.users.find((u) => u.userId === id)!;
    for (const id of cv)
      expect(outcome(id)).toMatchObject({
        outcome: 'resolved',
        before: { class: 'error', error: 'CountViolation' },
        after: { class: 'inheritedOnly' },
      });
    for (const id of prohibited)
      expect(outcome(id)).toMatchObject({
        outcome: 'stillInError',
        after: { class: 'error', error: 'ProhibitedInUsageLocationViolation' },
      });
    expect(outcome(ready)).toMatchObject({ outcome: 'notInError', after: { class: 'ready' } });
    // One request per user in error, none for the ready one; nothing assigned or removed directly.
    expect(await reprocessCalls()).toBe(cv.length + prohibited.length);
    const directAfter = await Promise.all(cv.concat(prohibited, ready).map(async (id) => (await h.graph.getUser(id))!.assignedLicenses));
    expect(directAfter.slice(cv.length)).toEqual(directBefore.slice(cv.length));
    expect((await h.control('/invariants')).violations).toEqual([]);

    const entries = await reprocessEntries();
    expect(
      entries
        .filter((e) => e.kind === 'license.reprocessing')
        .map((e) => e.userId)
        .sort(),
    ).toEqual([...cv, ...prohibited].sort());
    const after = entries.filter((e) => e.kind === 'license.reprocessed');
    expect(after.map((e) => e.userId).sort()).toEqual([...cv, ...prohibited].sort());
    expect(after.every((e) => e.actorId === ADMIN)).toBe(true);
    expect(after.find((e) => e.userId === cv[0])!.detail).toMatchObject({ ok: true, outcome: 'resolved', class: 'inheritedOnly' });
    // Each intent is written before its result.
    for (const id of cv) {
      const seqs = entries.filter((e) => e.userId === id).map((e) => e.kind);
      expect(seqs).toEqual(['license.reprocessing', 'license.reprocessed']);
    }

    const updated = applyReprocess(report, result);
    expect(updated.problems.map((p) => p.userId)).toEqual(report.problems.map((p) => p.userId).filter((id) => !cv.includes(id)));
    expect(updated.summary.error).toBe(report.summary.error - cv.length);
    expect(updated.summary.inheritedOnly).toBe(report.summary.inheritedOnly + cv.length);
    expect(updated.problems.find((p) => p.userId === prohibited[0])).toMatchObject({ error: 'ProhibitedInUsageLocationViolation' });
  });

  it('should report users Graph refuses, and still reprocess the others', async () => {
    const graph = createLicensingGraph({ baseUrl: h.sim.graphUrl, auth: 'none', batch: { maxItemAttempts: 1, fallbackDelaySeconds: 0.1 } });
    const engine = new MigrationService({ graph, runs: h.runs, journal: h.journal, pollIntervalMs: 50, verifyTimeoutMs: 20_000 });
    const cv = withCode('CountViolation').slice(0, 2);
    const sku = (await h.graph.listSkus()).find((s) => s.skuId === E3)!;
    await h.control(`/skus/${E3}/mutate`, 'POST', { prepaidUnits: { enabled: sku.prepaidUnits.enabled + 10 } });
    await h.control('/triggers', 'POST', {
      method: 'POST',
      path: `/users/${cv[0]}/reprocessLicenseAssignment`,
      respond: { status: 503, applied: false },
    });
    const result = await engine.reprocess(runId, cv, ADMIN);
    const refused = result.users.filter((u) => u.outcome === 'refused');
    expect(refused.map((u) => u.userId)).toEqual([cv[0]]);
    expect(refused[0].reason).toMatch(/^unavailable/);
    expect(refused[0].after).toMatchObject({ class: 'error', error: 'CountViolation' });
    expect(result.users.filter((u) => u.outcome === 'resolved')).toHaveLength(1);
    const results = (await h.journal.read(runId)).filter((e) => e.kind === 'license.reprocessed');
    expect(results.find((e) => e.userId === refused[0].userId)!.detail).toMatchObject({ ok: false, outcome: 'refused' });
  });
});
