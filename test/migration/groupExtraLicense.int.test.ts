import { fixture, startHarness, type Harness } from '../support/engineHarness';
import { findingText } from '../../src/cards/findingText';
import { localizer } from '../../src/i18n';

/**
 * An existing group chosen for a run may assign more than the run's products (another admin gave "Licensing E3"
 * Power BI Pro too). Every cohort user the bot adds to it then gets Power BI Pro at once, before any batch is
 * approved: the pre-flight, which the admin confirms before the bot adds anyone, has to say so.
 */
const PBI = 'f8a1db68-be16-40ed-86d5-cb42ce701560';
const LICENSING_E3 = '00000000-0000-0d01-0000-000000000001';

describe('a run into an existing group that assigns another product too', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(
      fixture('license-profiles.json', (f) => {
        f.groups.find((g: { id: string }) => g.id === LICENSING_E3).assignedLicenses.push({ skuId: PBI, disabledPlans: [] });
      }),
    );
  });
  afterEach(() => h.close());

  it('says on the pre-flight that the users it adds get that product too', async () => {
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'ENTERPRISEPACK', group: { id: LICENSING_E3 } });
    const findings = await h.engine.preflight(run.id);
    const extra = findings.find((f) => f.code === 'groupExtraLicense');
    expect(extra).toBeDefined();
    expect(extra!.severity).toBe('warning');
    expect(extra!.message).toMatch(/POWER_BI_PRO|Power BI Pro/);
    // The card says it in the reader's language.
    expect(findingText(extra!, localizer('nl')).message).toMatch(/wijst ook .*Power BI Pro.* toe/);
  });

  it('says nothing of the kind for a group that assigns only the run’s product', async () => {
    const run = await h.engine.createRun({
      requestedBy: 'admin-1',
      skuId: 'ENTERPRISEPACK',
      group: { createWithName: 'Licensing E3 only' },
    });
    expect((await h.engine.preflight(run.id)).some((f) => f.code === 'groupExtraLicense')).toBe(false);
  });
});
