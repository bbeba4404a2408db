import {
  buildBatchApprovalCard,
  buildBatchResultCard,
  buildFinalReportCard,
  buildRunStatusCard,
  buildSpotCheckCard,
  buildVerificationCard,
  type AdaptiveCard,
} from '../../src/cards';
import { buildDriftCard } from '../../src/cards/drift';
import { buildErrorUsersCardFor } from '../../src/bot/replies';
import { localizer, type Localizer } from '../../src/i18n';
import { runProductNames } from '../../src/migration/runLicenses';
import { skuProductName } from '../../src/migration/skuNames';
import type { Run, UserClassification, VerificationReport } from '../../src/migration/types';
import type { UnitShortage } from '../../src/migration/unitShortage';
import { approveAndRunAll, APPROVER, E3, fixture, startHarness, type Harness } from '../support/engineHarness';
import { EMS, groupOf } from '../support/profileRuns';
import { sizeOf, textOf } from './cardWalk';

/**
 * One run of two products (Fabrikam's Office 365 E3 + EMS profile, fixtures/license-profiles.json) through its cards:
 * each names the products as the Microsoft 365 admin center does, and no title shows a part number. The run's short
 * name ("E3 + EMS E3 → … · #1") and its group ("License – Office 365 E3 + EMS E3") are identifiers and stay.
 */
const E3_NAME = 'Office 365 E3';
const EMS_NAME = 'Enterprise Mobility + Security E3';
const BOTH = `${E3_NAME} + ${EMS_NAME}`;

/** A part number shown bare: ENTERPRISEPACK, or EMS not followed by " E3" (the short name "EMS E3" is the run's name). */
const PART_NUMBER = /ENTERPRISEPACK|\bEMS\b(?! E3)/;

/** The card's title: its first TextBlock. */
function titleOf(card: AdaptiveCard): string {
  let found: string | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) return node.forEach(visit);
    const obj = node as Record<string, unknown>;
    if (obj.type === 'TextBlock' && typeof obj.text === 'string') {
      found = obj.text;
      return;
    }
    for (const [key, value] of Object.entries(obj)) if (key !== 'actions') visit(value);
  };
  visit(card.body);
  return found ?? '';
}

/** The card's text with Markdown escapes removed: what a reader sees. */
const seen = (card: AdaptiveCard) => textOf(card).replace(/\\(.)/g, '$1');

function namesProducts(card: AdaptiveCard, names: readonly string[], what: string): void {
  const text = seen(card);
  for (const name of names) expect({ what, names: text.includes(name) }).toEqual({ what, names: true });
  expect({ what, partNumber: PART_NUMBER.exec(text)?.[0] ?? null }).toEqual({ what, partNumber: null });
  expect({ what, title: PART_NUMBER.exec(titleOf(card))?.[0] ?? null }).toEqual({ what, title: null });
  expect(sizeOf(card)).toBeLessThan(28 * 1024);
}

describe('a run of two products names them on every card by their readable names', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(fixture('license-profiles.json'));
  });
  afterAll(() => h.close());

  it('verification, approval, batch result, final report, run status, error card, spot check and drift, in English and Dutch', async () => {
    const profile = (await h.engine.licensePlan()).profiles[0];
    expect(profile.licenses.map((l) => l.skuId)).toEqual([E3, EMS]);
    const created = await h.engine.createRun({ requestedBy: 'admin-1', skuId: '', profileKey: profile.key, group: groupOf(profile) });
    // Graph's subscribedSkus (and the simulator) carry no product name: the known names say them.
    expect(created.licenses!.map((l) => l.skuPartNumber)).toEqual(['ENTERPRISEPACK', 'EMS']);
    expect(runProductNames(created)).toBe(BOTH);
    await h.engine.prepare(created.id);
    const verification = await h.engine.verify(created.id);
    const planned = await h.engine.planBatches(created.id, { canarySize: 5 });
    const canary = planned.batches[0];
    const sample = await h.engine.batchUsers(created.id, canary.id);
    await h.engine.decideBatch(created.id, canary.id, APPROVER);
    const result = await h.engine.executeBatch(created.id, canary.id);
    const run = await approveAndRunAll(h, created.id);
    expect(run.status).toBe('completed');
    const report = await h.engine.report(run.id);
    const spot = await h.engine.spotCheck(run.id, sample[0]);
    // The first drift check records where the watch starts; its findings are what a drift card would say.
    const drift = await h.engine.checkDrift(run.id, { owner: 'test' });

    // The error card: one user in error on each product, and each product short of units.
    const problem = (r: VerificationReport, n: number): UserClassification => ({
      userId: sample[n],
      userPrincipalName: `user${n}@fabrikam.test`,
      skuId: r.skuId,
      class: 'error',
      error: 'CountViolation',
      missingPlans: [],
      directDisabledPlans: [],
    });
    const bySku = verification.bySku!.map((r, i) => ({ ...r, problems: [problem(r, i)], summary: { ...r.summary, error: 1 } }));
    const withProblems: VerificationReport = { ...bySku[0], bySku };
    const shortages: UnitShortage[] = verification.bySku!.map((r) => ({
      skuPartNumber: r.skuPartNumber,
      ...(r.skuDisplayName ? { skuDisplayName: r.skuDisplayName } : {}),
      waiting: 1,
      atLeast: false,
      freeUnits: 0,
      missing: 1,
      directOnly: { count: 0, first: [] },
    }));

    for (const l of [localizer('en'), localizer('nl')] as Localizer[]) {
      const lang = `${l.locale}: `;
      // One verification card per product, each naming its own.
      expect(verification.bySku!.map((r) => skuProductName(r))).toEqual([E3_NAME, EMS_NAME]);
      verification.bySku!.forEach((r, i) =>
        namesProducts(buildVerificationCard({ report: r }, l), [[E3_NAME, EMS_NAME][i]], `${lang}verification ${i + 1}`),
      );
      namesProducts(
        buildBatchApprovalCard({ run: planned, batch: canary, sampleUsers: sample, quorum: 1, cardVersion: 0 }, l),
        [BOTH],
        `${lang}approval`,
      );
      // The batch result names the run, not its products: still no part number.
      const batchResult = buildBatchResultCard({ result, position: { index: 0, total: planned.batches.length } }, l);
      expect(PART_NUMBER.exec(seen(batchResult))).toBeNull();
      const final = buildFinalReportCard({ report }, l);
      namesProducts(final, [BOTH], `${lang}final report`);
      expect(titleOf(final)).toContain(BOTH);
      // Per product, whom the run took it from.
      expect(report.bySku!.map((p) => p.removed)).toEqual([20, 20]);
      for (const name of [E3_NAME, EMS_NAME]) expect(seen(final)).toMatch(new RegExp(`${name.replace(/\+/g, '\\+')}: .*20`));
      const status = buildRunStatusCard({ run, fourEyes: false }, l);
      namesProducts(status, [BOTH], `${lang}run status`);
      expect(titleOf(status)).toContain(BOTH);
      const errors = buildErrorUsersCardFor(withProblems, run.id, 0, shortages, l);
      namesProducts(errors, [E3_NAME, EMS_NAME], `${lang}error card`);
      expect(seen(errors)).not.toContain(`${E3_NAME} (`);
      for (const [i, s] of (spot.bySku ?? [spot]).entries())
        namesProducts(buildSpotCheckCard({ spot: s }, l), [[E3_NAME, EMS_NAME][i]], `${lang}spot check ${i + 1}`);
      const driftCard = buildDriftCard(
        {
          run: drift.run,
          findings: drift.findings,
          checkedAt: drift.checkedAt,
          changes: false,
          retire: { quietSince: drift.quietSince, quietDays: 30 },
          followUp: false,
        },
        l,
      );
      namesProducts(driftCard, [BOTH], `${lang}drift`);
    }

    // A name Graph gave when the run was made comes first; a run stored without one (earlier versions) uses the
    // known names; a product neither names is shown by its part number.
    const named: Run = {
      ...run,
      skuDisplayName: 'Contoso Office E3',
      licenses: [{ ...run.licenses![0], displayName: 'Contoso Office E3' }, run.licenses![1]],
    };
    expect(runProductNames(named)).toBe(`Contoso Office E3 + ${EMS_NAME}`);
    namesProducts(buildRunStatusCard({ run: named, fourEyes: false }), [`Contoso Office E3 + ${EMS_NAME}`], 'run status, named by Graph');
    const unknown: Run = { ...run, licenses: [...run.licenses!, { skuId: 'x', skuPartNumber: 'CONTOSO_ADDON', disabledPlans: [] }] };
    expect(runProductNames(unknown)).toBe(`${BOTH} + CONTOSO_ADDON`);
  }, 120_000);
});
