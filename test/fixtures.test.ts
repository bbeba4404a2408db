import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadFixture } from '../src/sim';
import { buildFixtures } from '../scripts/make-fixtures';
import { E3 } from './support/constants';

const repoRoot = path.resolve(__dirname, '..');
const fixturesDir = path.join(repoRoot, 'fixtures');
const sharedDir = path.resolve(repoRoot, '..', 'shared');
const schemaFile = path.join(sharedDir, 'schemas', 'tenant-fixture.schema.json');

const fixtureFiles = fs
  .readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readFixture = (file: string): any => JSON.parse(fs.readFileSync(path.join(fixturesDir, file), 'utf8'));

describe('shipped fixtures', () => {
  it('include the worked example and every scenario', () => {
    expect(fixtureFiles).toEqual(
      expect.arrayContaining([
        'contoso-1000.json',
        'errors-mix.json',
        'cohorts.json',
        'exclusive-exchange.json',
        'missing-usage-location.json',
        'plan-mismatch.json',
        'automation-churn.json',
        'nested-and-dynamic.json',
        'dynamic-groups.json',
        'gen-10k.json',
        'gen-100k.json',
        'gen-10k-e3-ems.json',
      ]),
    );
  });

  it('are exactly what scripts/make-fixtures.ts generates (no hand edits, no stale files)', () => {
    const built = buildFixtures();
    expect(fixtureFiles).toEqual(Object.keys(built).sort());
    for (const [file, fixture] of Object.entries(built))
      expect({ file, json: readFixture(file) }).toEqual({ file, json: JSON.parse(JSON.stringify(fixture)) });
  });

  describe('validate against the shared tenant-fixture schema', () => {
    const present = fs.existsSync(schemaFile);
    if (!present) console.log(`skipped: ${schemaFile} is absent, fixtures not validated against the schema`);
    const maybe = present ? it.each(fixtureFiles) : it.skip.each(fixtureFiles);
    let validate: ValidateFunction;
    beforeAll(() => {
      if (!present) return;
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
    });
    maybe('%s', (file) => {
      const ok = validate(readFixture(file));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  });

  it.each(fixtureFiles)('%s loads in the simulator with every listed and generated user', (file) => {
    const raw = readFixture(file);
    const loaded = loadFixture(path.join(fixturesDir, file));
    expect(loaded.users).toHaveLength((raw.users?.length ?? 0) + (raw.generate?.users ?? 0));
  });

  describe("contoso-1000 is Microsoft's worked example", () => {
    const f = readFixture('contoso-1000.json');
    const explicitUsers: { id: string; usageLocation?: string | null; assignedLicenses?: { skuId: string; disabledPlans?: string[] }[] }[] =
      f.users ?? [];
    const generated = f.generate?.users ?? 0;
    const generatedGetE3 = (f.generate?.directLicenses ?? []).some(
      (l: { skuId: string; disabledPlans?: string[] }) => l.skuId === E3 && (l.disabledPlans ?? []).length === 0,
    );

    it('is tenant Contoso with a default usage location and the contoso.onmicrosoft.com domain', () => {
      expect(f.tenant.displayName).toBe('Contoso');
      expect(f.tenant.defaultUsageLocation).toMatch(/^[A-Z]{2}$/);
      expect(f.tenant.domain).toBe('contoso.onmicrosoft.com');
    });

    it('has 1,000 users holding Office 365 E3 directly with all plans, each with a usage location', () => {
      const explicitE3 = explicitUsers.filter((u) =>
        (u.assignedLicenses ?? []).some((l) => l.skuId === E3 && (l.disabledPlans ?? []).length === 0),
      );
      expect(explicitE3.length + (generatedGetE3 ? generated : 0)).toBe(1000);
      expect(explicitUsers.length + generated).toBe(1000);
      expect(explicitUsers.every((u) => typeof u.usageLocation === 'string')).toBe(true);
      expect(f.generate?.missingUsageLocationFraction ?? 0).toBe(0);
      expect(f.generate?.disabledPlanVariants ?? []).toEqual([]);
    });

    it('has Office 365 E3 (ENTERPRISEPACK) with the real service plans and at least 1,000 enabled units', () => {
      const sku = f.skus.find((s: { skuId: string }) => s.skuId === E3);
      expect(sku.skuPartNumber).toBe('ENTERPRISEPACK');
      expect(sku.prepaidUnits.enabled).toBeGreaterThanOrEqual(1000);
      const plans = Object.fromEntries(
        sku.servicePlans.map((p: { servicePlanName: string; servicePlanId: string }) => [p.servicePlanName, p.servicePlanId]),
      );
      expect(plans).toMatchObject({
        EXCHANGE_S_ENTERPRISE: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
        SHAREPOINTENTERPRISE: '5dbe027f-2339-4123-9542-606e4d348a72',
        TEAMS1: '57ff2da0-773e-42df-b2af-ffb7a2317929',
        MCOSTANDARD: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c',
        OFFICESUBSCRIPTION: '43de0ff5-c92c-492b-9116-175376d08c38',
        YAMMER_ENTERPRISE: '7547a3fe-08ee-4ccb-b430-5077c5041653',
        SWAY: 'a23b959c-7ce8-4e57-9140-b90eb88a9e97',
        FORMS_PLAN_E3: '2789c901-c14e-48ab-a76a-be334d9d793a',
      });
    });

    it('has the security group "All users" with every user as a member and no license', () => {
      const groups = (f.groups ?? []).filter((g: { displayName: string }) => g.displayName === 'All users');
      expect(groups).toHaveLength(1);
      const g = groups[0];
      expect(g.securityEnabled ?? true).toBe(true);
      expect(g.mailEnabled ?? false).toBe(false);
      expect(g.assignedLicenses ?? []).toEqual([]);
      const members = new Set<string>(g.members ?? []);
      expect(explicitUsers.every((u) => members.has(u.id))).toBe(true);
      if (generated > 0) expect(g.allGeneratedUsersAreMembers).toBe(true);
    });
  });
});
