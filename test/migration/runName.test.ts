import { findRun } from '../../src/migration/runReference';
import { runLabel, runName, shortSkuName } from '../../src/migration/runName';
import type { Run } from '../../src/migration/types';
import { runSchema } from '../../src/storage/schemas';

const TENANT = '00000000-0000-0100-0000-000000000000';
const OTHER = '99999999-9999-4999-8999-999999999999';

function run(id: string, number: number | undefined, group = 'Licensing E3', extra: Partial<Run> = {}): Run {
  return {
    id,
    tenantId: TENANT,
    ...(number ? { number, name: runName({ skuPartNumber: 'ENTERPRISEPACK', groupDisplayName: group, number }) } : {}),
    requestedBy: 'a',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    status: 'completed',
    skuId: 'sku',
    skuPartNumber: 'ENTERPRISEPACK',
    disabledPlans: [],
    groupId: 'g',
    groupDisplayName: group,
    createdGroup: false,
    requiredApprovals: 1,
    batches: [],
    ...extra,
  };
}

describe('run names', () => {
  it('should name a run by short SKU name, group and number', () => {
    expect(runName({ skuPartNumber: 'ENTERPRISEPACK', groupDisplayName: 'Licensing E3', number: 3 })).toBe('E3 → Licensing E3 · #3');
    expect(runName({ skuPartNumber: 'SPE_E5', groupDisplayName: '  All   staff ', number: 12 })).toBe('M365 E5 → All staff · #12');
    expect(runName({ skuPartNumber: 'ENTERPRISEPACK', groupDisplayName: '', number: 1 })).toBe('E3 → new group · #1');
    const long = runName({ skuPartNumber: 'ENTERPRISEPACK', groupDisplayName: 'x'.repeat(200), number: 1 });
    expect(long.length).toBeLessThan(80);
  });

  it('should shorten unknown SKUs to a short product name or the part number', () => {
    expect(shortSkuName('VISIOCLIENT')).toBe('Visio P2');
    expect(shortSkuName('CONTOSO_X', 'Contoso Widgets')).toBe('Contoso Widgets');
    expect(shortSkuName('CONTOSO_X', 'A very long product name that goes on and on')).toBe('CONTOSO_X');
  });

  it('should give a run stored before names existed a label from its SKU, group and id', () => {
    const legacy = run('fdd26ae2-5d6d-44b2-8618-04a5c7e54fab', undefined);
    expect(runLabel(legacy)).toBe('E3 → Licensing E3 · fdd26ae2');
    // Such a run still loads from storage, without a name.
    const { name: _n, number: _m, ...stored } = legacy;
    const parsed = runSchema.parse(stored) as Run;
    expect(parsed.name).toBeUndefined();
    expect(runLabel(parsed)).toBe('E3 → Licensing E3 · fdd26ae2');
  });
});

describe('finding a run by what a person typed', () => {
  const runs = [
    run('r-3333333333', 3, 'Licensing E3'),
    run('r-2222222222', 2, 'Licensing E3'),
    run('r-1111111111', 1, 'Pilot'),
    run('fdd26ae2-5d6d-44b2-8618-04a5c7e54fab', undefined, 'Old group'),
    run('r-elsewhere', 3, 'Licensing E3', { tenantId: OTHER }),
  ];

  it('should find a run by #number, by its name in any case and with -> for →, and by id', () => {
    expect(findRun(runs, '#2', TENANT)).toMatchObject({ kind: 'found', run: { id: 'r-2222222222' } });
    expect(findRun(runs, '# 1', TENANT)).toMatchObject({ kind: 'found', run: { id: 'r-1111111111' } });
    expect(findRun(runs, 'e3 -> licensing e3 · #3', TENANT)).toMatchObject({ kind: 'found', run: { id: 'r-3333333333' } });
    expect(findRun(runs, 'E3 → LICENSING E3 #3', TENANT)).toMatchObject({ kind: 'found', run: { id: 'r-3333333333' } });
    expect(findRun(runs, 'R-1111111111', TENANT)).toMatchObject({ kind: 'found', run: { id: 'r-1111111111' } });
    expect(findRun(runs, 'e3 → pilot', TENANT)).toMatchObject({ kind: 'found', run: { id: 'r-1111111111' } });
  });

  it('should find a legacy run by its label or the start of its id', () => {
    const legacy = { kind: 'found', run: { id: 'fdd26ae2-5d6d-44b2-8618-04a5c7e54fab' } };
    expect(findRun(runs, 'E3 → Old group · fdd26ae2', TENANT)).toMatchObject(legacy);
    expect(findRun(runs, 'fdd26ae2', TENANT)).toMatchObject(legacy);
  });

  it('should call a name several runs share ambiguous and list them', () => {
    const found = findRun(runs, 'E3 -> Licensing E3', TENANT);
    expect(found.kind).toBe('ambiguous');
    expect(found.kind !== 'found' && found.candidates.map((r) => r.id)).toEqual(['r-3333333333', 'r-2222222222']);
  });

  it("should not see another tenant's runs, and list the tenant's own when nothing matches", () => {
    expect(findRun(runs, '#3', OTHER)).toMatchObject({ kind: 'found', run: { id: 'r-elsewhere' } });
    const unknown = findRun(runs, '#9', TENANT);
    expect(unknown.kind).toBe('unknown');
    expect(unknown.kind !== 'found' && unknown.candidates.map((r) => r.id)).not.toContain('r-elsewhere');
    expect(findRun(runs, 'r-elsewhere', TENANT).kind).toBe('unknown');
  });
});
