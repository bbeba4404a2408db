import { startHarness, type Harness } from '../support/graphHarness';
import { E3, EMPTY, NESTED, PILOT, SALES, g, smallTenant } from '../support/graphFixture';

const MAIL_LIST = g(50);

/** The small tenant plus a mail-only distribution list, which must never be offered as a licensing group. */
function tenantWithMailList() {
  const t = smallTenant();
  t.groups.push({
    id: MAIL_LIST,
    displayName: 'Newsletter',
    securityEnabled: false,
    mailEnabled: true,
    members: [],
  } as (typeof t.groups)[number]);
  return t;
}

describe('LicensingGraph.listSecurityGroups against the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(tenantWithMailList());
  });
  afterAll(async () => h?.close());

  it('should list only security-enabled groups with their license fields, asking Graph to filter', async () => {
    h.sent.length = 0;
    const groups = await h.graph.listSecurityGroups();
    expect(groups.map((x) => x.id).sort()).toEqual([NESTED, SALES, PILOT, EMPTY].sort());
    expect(groups.find((x) => x.id === PILOT)).toMatchObject({
      displayName: 'Pilot',
      securityEnabled: true,
      assignedLicenses: [{ skuId: E3, disabledPlans: [] }],
    });
    expect(h.sent).toHaveLength(1);
    const url = new URL(h.sent[0].url);
    expect(url.pathname).toMatch(/\/groups$/);
    expect(url.searchParams.get('$filter')).toBe('securityEnabled eq true');
    expect(url.searchParams.get('$top')).toBe('999');
    expect(url.searchParams.get('$select')?.split(',')).toEqual([
      'id',
      'displayName',
      'securityEnabled',
      'mailEnabled',
      'groupTypes',
      'membershipRule',
      'assignedLicenses',
      'licenseProcessingState',
    ]);
  });

  it('should stop at the limit', async () => {
    const groups = await h.graph.listSecurityGroups(2);
    expect(groups).toHaveLength(2);
    expect(groups.every((x) => x.securityEnabled)).toBe(true);
  });

  it('should refuse a limit that is not a positive whole number before sending anything', async () => {
    h.sent.length = 0;
    await expect(h.graph.listSecurityGroups(0)).rejects.toThrow(/group limit/);
    await expect(h.graph.listSecurityGroups(1.5)).rejects.toThrow(/group limit/);
    expect(h.sent).toHaveLength(0);
  });
});

describe('LicensingGraph.listSecurityGroups over more than one page', () => {
  let h: Harness;
  beforeAll(async () => {
    const t = smallTenant();
    for (let n = 100; n < 100 + 1000; n++)
      t.groups.push({ id: g(n), displayName: `Team ${n}`, securityEnabled: true, members: [] } as (typeof t.groups)[number]);
    h = await startHarness(t);
  });
  afterAll(async () => h?.close());

  it('should follow the next link until the limit is reached', async () => {
    h.sent.length = 0;
    const groups = await h.graph.listSecurityGroups(1002);
    expect(groups).toHaveLength(1002);
    expect(new Set(groups.map((x) => x.id)).size).toBe(1002);
    expect(h.sent).toHaveLength(2);
  });
});
