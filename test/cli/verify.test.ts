import { createLicensingGraph } from '../../src/graph';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { fixture } from '../support/engineHarness';
import { parseVerifyArgs } from '../../src/cli/verify';
import { E3 } from '../support/constants';
import { COVERAGE_USERS, RUN_GROUP, coverageTenant, coverageUser } from '../support/coverageFixture';
import { runVerify } from '../support/runVerify';

const WAVE1 = '00000000-0000-0201-0000-000000000001';

describe('npm run verify (spawned against the simulator)', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: fixture('errors-mix.json'), port: 0, quiet: true });
    // The admin has already licensed the group; the command itself must change nothing.
    const graph = createLicensingGraph({ baseUrl: sim.graphUrl, auth: 'none', concurrency: 2 });
    await graph.assignGroupLicense(WAVE1, [{ skuId: E3, disabledPlans: [] }], []);
    for (let i = 0; i < 100 && (await graph.getGroup(WAVE1))!.licenseProcessingState !== 'ProcessingComplete'; i++)
      await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(() => sim.close());

  it('json: the stable contract, with every class and Entra error code', async () => {
    sim.resetStats();
    const { code, stdout, stderr } = await runVerify(
      ['--sku', 'ENTERPRISEPACK', '--group', 'Migration wave 1', '--format', 'json'],
      sim.graphUrl,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['sku', 'group', 'summary', 'users']);
    expect(out.sku).toEqual({ skuId: E3, skuPartNumber: 'ENTERPRISEPACK' });
    expect(out.group).toEqual({ id: WAVE1, displayName: 'Migration wave 1', processingState: 'ProcessingComplete' });
    expect(out.summary).toEqual({ ready: 20, planGain: 0, pending: 0, error: 8, planMismatch: 0, notMember: 2, inheritedOnly: 0 });
    for (const u of out.users) expect(Object.keys(u)).toEqual(['id', 'userPrincipalName', 'class', 'error', 'missingPlans', 'gainedPlans']);
    const errors = out.users
      .filter((u: { class: string }) => u.class === 'error')
      .map((u: { error: string }) => u.error)
      .sort();
    expect(errors).toEqual([
      'CountViolation',
      'CountViolation',
      'CountViolation',
      'CountViolation',
      'MutuallyExclusiveViolation',
      'MutuallyExclusiveViolation',
      'ProhibitedInUsageLocationViolation',
      'ProhibitedInUsageLocationViolation',
    ]);
    expect(out.users.find((u: { class: string }) => u.class === 'ready').error).toBeNull();
    // Read-only: no write reached the tenant.
    expect(sim.stats().writes).toBe(0);
  });

  it('csv and table by skuId and group id', async () => {
    const [csv, table] = await Promise.all([
      runVerify(['--sku', E3, '--group', WAVE1, '--format', 'csv'], sim.graphUrl),
      runVerify(['--sku', 'enterprisepack', '--group', WAVE1], sim.graphUrl),
    ]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('id,userPrincipalName,class,error,missingPlans,gainedPlans');
    expect(lines).toHaveLength(31);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('ready: 20');
    expect(table.stdout).toContain('CountViolation');
  });

  it('exit 2 with a message for bad arguments or names that match nothing', async () => {
    const [badFormat, unknownSku, unknownGroup] = await Promise.all([
      runVerify(['--sku', 'ENTERPRISEPACK', '--group', 'x', '--format', 'xml'], sim.graphUrl),
      runVerify(['--sku', 'NOPE', '--group', 'Migration wave 1'], sim.graphUrl),
      runVerify(['--sku', 'ENTERPRISEPACK', '--group', 'No such group'], sim.graphUrl),
    ]);
    for (const r of [badFormat, unknownSku, unknownGroup]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(badFormat.stderr).toMatch(/--format must be one of table, csv, json/);
    expect(unknownSku.stderr).toMatch(/No subscribed SKU "NOPE". Available: ENTERPRISEPACK/);
    expect(unknownGroup.stderr).toMatch(/No group named or with id "No such group"/);
  });

  it.each([
    [['--group', 'x'], /--sku or --profile is required/],
    [['--sku', 'ENTERPRISEPACK'], /--group is required/],
    [['--sku', 'ENTERPRISEPACK', '--group', 'x', '--colour'], /Unknown option/],
    [['--sku', 'E3', '--group', 'x', 'extra'], /positional/],
  ])('argument parsing rejects %j', (args, message) => {
    expect(() => parseVerifyArgs(args as string[])).toThrow(message);
  });

  it('exit 1 with the cause when Graph cannot be reached', async () => {
    const { code, stderr } = await runVerify(['--sku', 'ENTERPRISEPACK', '--group', 'x'], 'http://127.0.0.1:9/v1.0');
    expect(code).toBe(1);
    expect(stderr).toMatch(/Graph request failed: .*connection failed/);
  });
});

describe('npm run verify and COVERAGE', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: coverageTenant({ runGroupLicensed: true }), port: 0, quiet: true });
    const graph = createLicensingGraph({ baseUrl: sim.graphUrl, auth: 'none', concurrency: 2 });
    for (let i = 0; i < 100 && (await graph.getGroup(RUN_GROUP))!.licenseProcessingState !== 'ProcessingComplete'; i++)
      await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(() => sim.close());

  it('counts union-covered users ready by default, planMismatch with COVERAGE=run-group, and names gained plans', async () => {
    const args = ['--sku', 'ENTERPRISEPACK', '--group', RUN_GROUP, '--format', 'json'];
    const [union, strict, bad] = await Promise.all([
      runVerify(args, sim.graphUrl),
      runVerify(args, sim.graphUrl, { COVERAGE: 'run-group' }),
      runVerify(args, sim.graphUrl, { COVERAGE: 'both' }),
    ]);
    const classOf = (out: { users: { id: string; class: string }[] }, n: number) => out.users.find((u) => u.id === coverageUser(n))!.class;
    const u = JSON.parse(union.stdout);
    expect(u.summary).toMatchObject({ ready: 9, planGain: 2, planMismatch: 2 });
    expect(classOf(u, COVERAGE_USERS.union[0])).toBe('ready');
    expect(u.users.find((x: { id: string }) => x.id === coverageUser(COVERAGE_USERS.gain[0]))).toMatchObject({
      class: 'planGain',
      gainedPlans: ['YAMMER_ENTERPRISE'],
      missingPlans: [],
    });
    const s = JSON.parse(strict.stdout);
    expect(s.summary).toMatchObject({ ready: 6, planGain: 2, planMismatch: 5 });
    expect(s.users.find((x: { id: string }) => x.id === coverageUser(COVERAGE_USERS.union[0]))).toMatchObject({
      class: 'planMismatch',
      missingPlans: ['SWAY'],
    });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/COVERAGE: expected union .* or run-group/);
  });
});
