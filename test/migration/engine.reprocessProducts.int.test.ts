import { applyReprocess } from '../../src/migration/reprocess';
import type { VerificationReport } from '../../src/migration/types';
import { E3, fixture, processingSettled, startHarness, type Harness } from '../support/engineHarness';
import { EMS, groupOf } from '../support/profileRuns';

/** Two members without any license, who get both products from the group once added to it. */
const NO_SEAT = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
const OUTSIDER = '00000000-0000-4000-8000-0000000000f0';
const ADMIN = 'admin-1';

/**
 * Reprocessing users of a run of two products (Fabrikam's E3 + EMS profile) in one request: Entra processes a user's
 * group licenses as a whole, so a user in error on both products is sent once and both products judge it again.
 */
describe('reprocessing users in error on several products of a profile run', () => {
  let h: Harness;
  let runId: string;
  let report: VerificationReport;
  const reprocessCalls = async () => (await h.control('/stats')).requests['POST /users/{id}/reprocessLicenseAssignment'] ?? 0;
  const reprocessEntries = async () => (await h.journal.read(runId)).filter((e) => e.kind.startsWith('license.reprocess'));
  const problemsOf = (r: VerificationReport, skuId: string) =>
    r.bySku!.find((p) => p.skuId.toLowerCase() === skuId)!.problems.filter((p) => NO_SEAT.includes(p.userId));

  beforeEach(async () => {
    h = await startHarness(
      fixture('license-profiles.json', (f) => {
        f.users.push(
          ...[...NO_SEAT, OUTSIDER].map((id, i) => ({
            id,
            userPrincipalName: i < NO_SEAT.length ? `no.seat${i + 1}@fabrikam.onmicrosoft.com` : 'outsider@fabrikam.onmicrosoft.com',
            displayName: `User ${i + 1}`,
            usageLocation: 'US',
            assignedLicenses: [],
          })),
        );
      }),
    );
    const profile = (await h.engine.licensePlan()).profiles[0];
    expect(profile.licenses.map((l) => l.skuId)).toEqual([E3, EMS]);
    const run = await h.engine.createRun({ requestedBy: ADMIN, skuId: '', profileKey: profile.key, group: groupOf(profile) });
    runId = run.id;
    await h.engine.prepare(runId);
    await h.engine.verify(runId);
    // EMS has no free unit when two members without a license join the group: the simulator, like Entra, fails all
    // of a group's products together, so both are in error on E3 and on EMS.
    const { consumedUnits } = await h.control(`/skus/${EMS}/mutate`, 'POST', { prepaidUnits: {} });
    await h.control(`/skus/${EMS}/mutate`, 'POST', { prepaidUnits: { enabled: consumedUnits } });
    const groupId = (await h.engine.getRun(runId))!.groupId!;
    for (const id of NO_SEAT) await h.control(`/users/${id}/mutate`, 'POST', { addToGroup: groupId });
    await processingSettled(h);
    report = await h.engine.verify(runId);
    for (const skuId of [E3, EMS])
      expect(problemsOf(report, skuId).map((p) => [p.userId, p.error])).toEqual(NO_SEAT.map((id) => [id, 'CountViolation']));
  }, 60_000);
  afterEach(() => h.close());

  it('sends each user once for both products, and judges both again', async () => {
    await h.control(`/skus/${EMS}/mutate`, 'POST', { prepaidUnits: { enabled: 60 } });
    const result = await h.engine.reprocess(runId, NO_SEAT, ADMIN, { skuIds: [EMS, E3] });

    expect(await reprocessCalls()).toBe(NO_SEAT.length);
    expect(result.settled).toBe(true);
    expect(result.bySku!.map((r) => r.skuId.toLowerCase())).toEqual([EMS, E3]);
    for (const r of result.bySku!)
      expect(r.users.map((u) => [u.userId, u.outcome, u.before.error, u.after.class])).toEqual(
        NO_SEAT.map((id) => [id, 'resolved', 'CountViolation', 'inheritedOnly']),
      );
    expect(result.users.map((u) => [u.userId, u.outcome])).toEqual(NO_SEAT.map((id) => [id, 'resolved']));

    // One intent per user naming both products, then one result per user with each product's.
    const entries = await reprocessEntries();
    expect(entries.map((e) => [e.kind, e.userId])).toEqual([
      ...NO_SEAT.map((id) => ['license.reprocessing', id]),
      ...NO_SEAT.map((id) => ['license.reprocessed', id]),
    ]);
    const lower = (ids: unknown) => (ids as string[]).map((id) => id.toLowerCase());
    for (const e of entries.filter((x) => x.kind === 'license.reprocessing')) {
      expect(e.detail).toMatchObject({ error: 'CountViolation' });
      expect(lower(e.detail!.skuIds)).toEqual([EMS, E3]);
    }
    for (const e of entries.filter((x) => x.kind === 'license.reprocessed'))
      expect(e.detail).toMatchObject({ ok: true, outcome: 'resolved', bySku: [{ outcome: 'resolved' }, { outcome: 'resolved' }] });

    // Each product's verification drops them.
    let updated = report;
    for (const r of result.bySku!) updated = applyReprocess(updated, { ...result, users: r.users }, r.skuId);
    for (const skuId of [E3, EMS]) expect(problemsOf(updated, skuId)).toEqual([]);
    expect(updated.bySku!.find((r) => r.skuId.toLowerCase() === EMS)!.summary.error).toBe(
      report.bySku!.find((r) => r.skuId.toLowerCase() === EMS)!.summary.error - NO_SEAT.length,
    );
  });

  it('sends users still in error on both products once, and both products keep them', async () => {
    // No unit bought: one product after the other would have sent each user again for the second product.
    const result = await h.engine.reprocess(runId, NO_SEAT, ADMIN, { skuIds: [EMS, E3] });
    expect(await reprocessCalls()).toBe(NO_SEAT.length);
    for (const r of result.bySku!)
      expect(r.users.map((u) => [u.userId, u.outcome, u.after.error])).toEqual(NO_SEAT.map((id) => [id, 'stillInError', 'CountViolation']));
    let updated = report;
    for (const r of result.bySku!) updated = applyReprocess(updated, { ...result, users: r.users }, r.skuId);
    for (const skuId of [E3, EMS]) expect(problemsOf(updated, skuId)).toHaveLength(NO_SEAT.length);
  });

  it('keeps one product per call working as before: sent once, judged by that product alone', async () => {
    await h.control(`/skus/${EMS}/mutate`, 'POST', { prepaidUnits: { enabled: 60 } });
    const result = await h.engine.reprocess(runId, NO_SEAT, ADMIN, { skuId: EMS });
    expect(result.bySku).toBeUndefined();
    expect(result.users.map((u) => [u.userId, u.outcome])).toEqual(NO_SEAT.map((id) => [id, 'resolved']));
    expect(await reprocessCalls()).toBe(NO_SEAT.length);
    const asked = (await reprocessEntries()).filter((e) => e.kind === 'license.reprocessing');
    expect(asked.map((e) => [e.userId, (e.detail!.skuId as string).toLowerCase(), e.detail!.skuIds])).toEqual(
      NO_SEAT.map((id) => [id, EMS, undefined]),
    );
  });

  it('refuses products the run does not move and users not of the run whole, sending and journaling nothing', async () => {
    const PBI = 'f8a1db68-be16-40ed-86d5-cb42ce701560';
    await expect(h.engine.reprocess(runId, NO_SEAT, ADMIN, { skuIds: [E3, PBI] })).rejects.toThrow(
      new RegExp(`does not move ${PBI}; nothing was reprocessed`),
    );
    await expect(h.engine.reprocess(runId, NO_SEAT, ADMIN, { skuIds: [] })).rejects.toThrow(/at least one product/);
    await expect(h.engine.reprocess(runId, NO_SEAT, ADMIN, { skuIds: [E3], skuId: EMS })).rejects.toThrow(/not both/);
    await expect(h.engine.reprocess(runId, [NO_SEAT[0], OUTSIDER], ADMIN, { skuIds: [E3, EMS] })).rejects.toThrow(
      /not users of this run: outsider@fabrikam/,
    );
    expect(await reprocessEntries()).toEqual([]);
    expect(await reprocessCalls()).toBe(0);
  });
});
