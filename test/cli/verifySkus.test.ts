import { Writable } from 'node:stream';
import { createLicensingGraph } from '../../src/graph';
import type { LicensingGraph } from '../../src/graph/licensingGraph';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { main, parseVerifyArgs, type VerifyOutput } from '../../src/cli/verify';
import { countProfiles } from '../../src/cli/profileCounts';
import { planTenantLicenses } from '../../src/migration/profiles';
import { fixture } from '../support/engineHarness';
import { runVerify } from '../support/runVerify';
import { PLANS, SKU_IDS } from '../../scripts/make-fixtures';

/**
 * Fabrikam (fixtures/license-profiles.json), five profiles over three SKUs: 1 E3 + EMS (users 1–20), 2 E3 (21–30),
 * 3 E3 without Yammer + EMS (31–35), 4 E3 + EMS + Power BI Pro (36–39), 5 Power BI Pro (40–42).
 * "Profile one" assigns full E3 and EMS and holds profiles 1 and 3: per SKU, profile 3 gains Yammer in E3 only.
 */
const user = (n: number) => `00000000-0000-0d00-0000-${n.toString(16).padStart(12, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => user(from + i));
const EMS_SKU = { skuId: SKU_IDS.EMS, skuPartNumber: 'EMS' };
const E3_SKU = { skuId: SKU_IDS.ENTERPRISEPACK, skuPartNumber: 'ENTERPRISEPACK' };
const E3_SUMMARY = { ready: 20, planGain: 5, pending: 0, error: 0, planMismatch: 0, notMember: 14, inheritedOnly: 0 };
const EMS_SUMMARY = { ready: 25, planGain: 0, pending: 0, error: 0, planMismatch: 0, notMember: 4, inheritedOnly: 0 };

function capture(): { out: Writable; text: () => string; writes: string[] } {
  const writes: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk.toString('utf8'));
      done();
    },
  });
  return { out, text: () => writes.join(''), writes };
}

async function settle(sim: RunningSimulator, graph: LicensingGraph, groupId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (!sim.processing() && (await graph.getGroup(groupId))!.licenseProcessingState === 'ProcessingComplete') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the group was not processed');
}

describe('npm run verify per SKU: repeated --sku and --profile', () => {
  let sim: RunningSimulator;
  let graph: LicensingGraph;
  let groupId: string;
  /** The command in this process, with its own stdout and stderr. */
  const verify = async (...args: string[]) => {
    const out = capture();
    const err = capture();
    const code = await main(args, { GRAPH_BASE_URL: sim.graphUrl, LOG_LEVEL: 'silent' }, out.out, err.out);
    return { code, stdout: out.text(), stderr: err.text(), writes: out.writes };
  };

  beforeAll(async () => {
    sim = await startSimulator({ fixture: fixture('license-profiles.json'), port: 0, quiet: true });
    graph = createLicensingGraph({ baseUrl: sim.graphUrl, auth: 'none', concurrency: 2 });
    groupId = (await graph.createSecurityGroup('Profile one')).id;
    await graph.assignGroupLicense(
      groupId,
      [
        { skuId: SKU_IDS.ENTERPRISEPACK, disabledPlans: [] },
        { skuId: SKU_IDS.EMS, disabledPlans: [] },
      ],
      [],
    );
    await graph.addMembers(groupId, [...range(1, 20), ...range(31, 35)]);
    await settle(sim, graph, groupId);
  });
  afterAll(() => sim.close());

  it('json: several --sku give { skus: [...] } in the order given; one --sku keeps the single-SKU contract', async () => {
    sim.resetStats();
    const [many, single, reversed] = await Promise.all([
      verify('--sku', 'ENTERPRISEPACK', '--sku', 'ems', '--group', 'Profile one', '--format', 'json'),
      verify('--sku', 'ENTERPRISEPACK', '--group', 'Profile one', '--format', 'json'),
      verify('--sku', SKU_IDS.EMS, '--sku', 'ENTERPRISEPACK', '--group', groupId, '--format', 'json'),
    ]);
    for (const r of [many, single, reversed]) expect([r.code, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(many.stdout);
    expect(Object.keys(out)).toEqual(['skus']);
    const [e3, ems] = out.skus as VerifyOutput[];
    for (const s of out.skus) expect(Object.keys(s)).toEqual(['sku', 'group', 'summary', 'users']);
    expect([e3.sku, ems.sku]).toEqual([E3_SKU, EMS_SKU]);
    expect(e3.group).toEqual({ id: groupId, displayName: 'Profile one', processingState: 'ProcessingComplete' });
    expect([e3.summary, ems.summary]).toEqual([E3_SUMMARY, EMS_SUMMARY]);
    // The same user, classified per SKU: the group gives back Yammer, which their direct E3 switches off.
    const of = (s: VerifyOutput, n: number) => s.users.find((u) => u.id === user(n));
    expect(of(e3, 31)).toMatchObject({ class: 'planGain', gainedPlans: ['YAMMER_ENTERPRISE'], missingPlans: [] });
    expect(of(ems, 31)).toMatchObject({ class: 'ready', gainedPlans: [], missingPlans: [] });
    // Holders of Power BI Pro only are no holders of either SKU.
    expect(of(e3, 40)).toBeUndefined();
    // One --sku: exactly the object it always was, and the same as that SKU's section.
    expect(JSON.parse(single.stdout)).toEqual(e3);
    expect((JSON.parse(reversed.stdout).skus as VerifyOutput[]).map((s) => s.sku.skuPartNumber)).toEqual(['EMS', 'ENTERPRISEPACK']);
    expect(sim.stats().writes).toBe(0);
  });

  it('json --pretty per SKU is the same document, indented', async () => {
    const [compact, pretty] = await Promise.all([
      verify('--sku', 'ENTERPRISEPACK', '--sku', 'EMS', '--group', 'Profile one', '--format', 'json'),
      verify('--profile', '3', '--group', 'Profile one', '--format', 'json', '--pretty'),
    ]);
    const p = JSON.parse(pretty.stdout);
    expect(p.skus).toEqual(JSON.parse(compact.stdout).skus);
    expect(pretty.stdout).toMatch(/^{\n {2}"profile": {\n {4}"number": 3,/);
    expect(pretty.stdout).toContain('\n  "skus": [\n    {\n      "sku": {\n        "skuId"');
    expect(pretty.stdout.endsWith('\n    }\n  ]\n}\n')).toBe(true);
  });

  it('csv: one header, skuPartNumber as the last column, each SKU its rows in turn', async () => {
    const [many, single] = await Promise.all([
      verify('--sku', 'ENTERPRISEPACK', '--sku', 'EMS', '--group', 'Profile one', '--format', 'csv'),
      verify('--sku', 'ENTERPRISEPACK', '--group', 'Profile one', '--format', 'csv'),
    ]);
    const lines = many.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('id,userPrincipalName,class,error,missingPlans,gainedPlans,skuPartNumber');
    expect(lines).toHaveLength(1 + 39 + 29);
    const skuOf = lines.slice(1).map((l) => l.split(',').pop());
    expect(skuOf).toEqual([...Array(39).fill('ENTERPRISEPACK'), ...Array(29).fill('EMS')]);
    expect(lines).toContain(`${user(31)},no.yammer.ems31@fabrikam.onmicrosoft.com,planGain,,,YAMMER_ENTERPRISE,ENTERPRISEPACK`);
    expect(lines).toContain(`${user(31)},no.yammer.ems31@fabrikam.onmicrosoft.com,ready,,,,EMS`);
    // Consumers of the existing columns read the same values; one --sku is the CSV it always was.
    const singleLines = single.stdout.trim().split('\r\n');
    expect(singleLines[0]).toBe('id,userPrincipalName,class,error,missingPlans,gainedPlans');
    expect(lines.slice(1, 40).map((l) => l.replace(/,ENTERPRISEPACK$/, ''))).toEqual(singleLines.slice(1));
  });

  it('table: one section per SKU, each with its title, its counts and its users', async () => {
    const { code, stdout } = await verify('--sku', 'ENTERPRISEPACK', '--sku', 'EMS', '--group', 'Profile one');
    expect(code).toBe(0);
    const [first, second] = stdout.split(/\n(?=SKU 2 of 2: )/);
    expect(first).toMatch(/^SKU 1 of 2: ENTERPRISEPACK \(6fd2c87f-[^)]+\) via group "Profile one"/);
    expect(first).toContain('ready: 20  planGain: 5  pending: 0  error: 0  planMismatch: 0  notMember: 14');
    expect(first).toMatch(/no\.yammer\.ems31@fabrikam\.onmicrosoft\.com +planGain +gains YAMMER_ENTERPRISE/);
    expect(second).toMatch(/^SKU 2 of 2: EMS \(efccb6f7-/);
    expect(second).toContain('ready: 25  planGain: 0  pending: 0  error: 0  planMismatch: 0  notMember: 4');
    expect(second).toMatch(/no\.yammer\.ems31@fabrikam\.onmicrosoft\.com +ready/);
    expect(second).not.toContain('office21@');
  });

  it('counts and numbers the profiles exactly as the plan command does', async () => {
    const [{ profiles }, plan] = await Promise.all([countProfiles(graph), planTenantLicenses(graph, [])]);
    expect(profiles.map((p) => [p.number, p.key, p.users])).toEqual(plan.profiles.map((p, i) => [i + 1, p.key, p.users]));
    expect(profiles.map((p) => p.licenses)).toEqual(plan.profiles.map((p) => p.licenses));
    expect(profiles.map((p) => p.users)).toEqual([20, 10, 5, 4, 3]);
  });

  it('--profile verifies the profile’s SKUs as repeated --sku would, and says how many hold exactly that profile', async () => {
    const plan = await planTenantLicenses(graph, []);
    const [byNumber, byKey, bySku, table, single] = await Promise.all([
      verify('--profile', '3', '--group', 'Profile one', '--format', 'json'),
      verify('--profile', plan.profiles[2].key.toUpperCase(), '--group', 'Profile one', '--format', 'json'),
      verify('--sku', 'ENTERPRISEPACK', '--sku', 'EMS', '--group', 'Profile one', '--format', 'json'),
      verify('--profile', '3', '--group', 'Profile one'),
      verify('--profile', '5', '--group', 'Profile one', '--format', 'json'),
    ]);
    for (const r of [byNumber, byKey, bySku, table, single]) expect([r.code, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(byNumber.stdout);
    expect(Object.keys(out)).toEqual(['profile', 'skus']);
    expect(out.profile).toEqual({
      number: 3,
      of: 5,
      key: plan.profiles[2].key,
      users: 5,
      licenses: [
        {
          skuId: SKU_IDS.ENTERPRISEPACK,
          skuPartNumber: 'ENTERPRISEPACK',
          skuName: 'Office 365 E3',
          disabledPlans: [PLANS.YAMMER_ENTERPRISE],
          disabledPlanNames: ['YAMMER_ENTERPRISE'],
        },
        {
          skuId: SKU_IDS.EMS,
          skuPartNumber: 'EMS',
          skuName: 'Enterprise Mobility + Security E3',
          disabledPlans: [],
          disabledPlanNames: [],
        },
      ],
    });
    // Every holder of each SKU, not only the profile's five.
    expect(out.skus).toEqual(JSON.parse(bySku.stdout).skus);
    expect(JSON.parse(byKey.stdout)).toEqual(out);
    expect(table.stdout).toMatch(
      /^Profile 3 of 5 \(key "[^"]+"\): Office 365 E3 without YAMMER_ENTERPRISE \+ Enterprise Mobility \+ Security E3\n5 users hold exactly this profile;/,
    );
    expect(table.stdout).toContain('\nSKU 1 of 2: ENTERPRISEPACK');
    expect(table.stdout).toContain('\nSKU 2 of 2: EMS');
    // A profile of one SKU keeps the per-SKU shape: a script's parsing never depends on the tenant.
    const pbi = JSON.parse(single.stdout);
    expect(pbi.profile).toMatchObject({ number: 5, users: 3 });
    expect(pbi.skus).toHaveLength(1);
    expect(pbi.skus[0].sku).toEqual({ skuId: SKU_IDS.POWER_BI_PRO, skuPartNumber: 'POWER_BI_PRO' });
    expect(pbi.skus[0].summary.notMember).toBe(7);
  });

  it('exit 2 naming what is wrong, before anything is written', async () => {
    const results = await Promise.all([
      verify('--sku', 'ENTERPRISEPACK', '--sku', 'NOPE', '--sku', 'VISIO', '--group', 'Profile one'),
      verify('--sku', 'EMS', '--sku', SKU_IDS.EMS, '--group', 'Profile one'),
      verify('--sku', 'NOPE', '--group', 'No such group'),
      verify('--profile', '6', '--group', 'Profile one'),
      verify('--profile', '0', '--group', 'Profile one'),
      verify('--profile', '0:nothing', '--group', 'Profile one'),
      verify('--profile', '1', '--group', 'No such group'),
    ]);
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
    const [unknown, sameSku, both, outOfRange, zero, badKey, badGroup] = results.map((r) => r.stderr);
    expect(unknown).toBe('No subscribed SKU "NOPE" or "VISIO". Available: ENTERPRISEPACK, EMS, POWER_BI_PRO.\n');
    expect(sameSku).toBe(`--sku EMS and --sku ${SKU_IDS.EMS} both name EMS; give each SKU once.\n`);
    expect(both).toBe(
      'No subscribed SKU "NOPE". Available: ENTERPRISEPACK, EMS, POWER_BI_PRO.\nNo group named or with id "No such group".\n',
    );
    expect(outOfRange).toBe('There is no profile 6: the tenant has 5 license profiles (1–5, largest first).\n');
    expect(zero).toMatch(/^There is no profile 0: the tenant has 5 license profiles/);
    expect(badKey).toMatch(
      /^No license profile has the key "0:nothing"\. The tenant's profiles:\n {2}1: "0:\|1:" ENTERPRISEPACK \+ EMS \(20 users\)\n/,
    );
    expect(badKey).toContain('  3: "0:7547a3fe-08ee-4ccb-b430-5077c5041653|1:" ENTERPRISEPACK without YAMMER_ENTERPRISE + EMS (5 users)\n');
    expect(badGroup).toBe('No group named or with id "No such group".\n');
  });

  it.each([
    [['--sku', 'EMS', '--sku', 'ems', '--group', 'x'], /^--sku ems is given twice; give each SKU once\./],
    [['--sku', 'EMS', '--profile', '1', '--group', 'x'], /^--sku and --profile cannot be combined/],
    [['--profile', '1', '--profile', '2', '--group', 'x'], /^--profile is given 2 times; give it once\./],
    [['--sku', 'EMS', '--group', 'x', '--group', 'y'], /^--group is given 2 times/],
    [['--profile', 'largest', '--group', 'x'], /^--profile takes a profile number \(1 is the largest/],
    [['--sku', 'EMS,ENTERPRISEPACK', '--group', 'x'], /^--sku "EMS,ENTERPRISEPACK" names several SKUs; give each its own --sku/],
    [['--sku', ' ', '--group', 'x'], /^--sku needs a value/],
    [['--group', 'x', '--format', 'json'], /^--sku or --profile is required/],
  ])('argument parsing rejects %j', (args, message) => {
    expect(() => parseVerifyArgs(args as string[])).toThrow(message);
  });

  it('names every argument problem at once', () => {
    expect(() => parseVerifyArgs(['--sku', 'EMS', '--sku', 'EMS', '--profile', '1', '--format', 'xml', '--pretty'])).toThrow(
      /^--sku and --profile cannot be combined.*\n--sku EMS is given twice.*\n--group is required.*\n--format must be one of table, csv, json, got "xml"\.\nusage:/,
    );
  });

  it('the command itself, spawned: several --sku and a usage error', async () => {
    const [ok, refused] = await Promise.all([
      runVerify(['--sku', 'ENTERPRISEPACK', '--sku', 'EMS', '--group', 'Profile one', '--format', 'json'], sim.graphUrl),
      runVerify(['--profile', '9', '--group', 'Profile one'], sim.graphUrl),
    ]);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(JSON.parse(ok.stdout).skus.map((s: VerifyOutput) => s.summary)).toEqual([E3_SUMMARY, EMS_SUMMARY]);
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      2,
      '',
      'There is no profile 9: the tenant has 5 license profiles (1–5, largest first).\n',
    ]);
  });
});

describe('npm run verify: several SKUs stream one after another', () => {
  // Past the 10,000 users up to which a SKU's JSON is held whole: every section streams, summary as a trailer.
  const USERS = 12_000;
  const GROUP = '00000000-0000-0901-0000-000000000001';
  let sim: RunningSimulator;
  beforeAll(async () => {
    const ems = fixture('license-profiles.json').skus.find((s: { skuId: string }) => s.skuId === SKU_IDS.EMS)!;
    sim = await startSimulator({
      fixture: fixture('gen-10k.json', (f) => {
        f.generate!.users = USERS;
        f.skus.push({ ...ems, prepaidUnits: { enabled: USERS + 500 } });
        f.generate!.directLicenses = [
          { skuId: SKU_IDS.ENTERPRISEPACK, disabledPlans: [] },
          { skuId: SKU_IDS.EMS, disabledPlans: [] },
        ];
      }),
      port: 0,
      quiet: true,
    });
    await settle(sim, createLicensingGraph({ baseUrl: sim.graphUrl, auth: 'none', concurrency: 2 }), GROUP);
  }, 60_000);
  afterAll(() => sim.close());

  /** The report, and the client's HTTP requests so far at each write: a write before the last read shows streaming. */
  const run = async (...args: string[]) => {
    const writes: { text: string; requests: number }[] = [];
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        writes.push({ text: chunk.toString('utf8'), requests: sim.stats().httpRequests });
        done();
      },
    });
    sim.resetStats();
    const code = await main([...args, '--group', GROUP], { GRAPH_BASE_URL: sim.graphUrl, LOG_LEVEL: 'silent' }, out);
    return { code, writes, text: writes.map((w) => w.text).join(''), requests: sim.stats().httpRequests };
  };

  it.each([[[]], [['--pretty']]])(
    'json %j: each SKU streams its users with its summary as a trailer, and the whole parses',
    async (extra) => {
      const r = await run('--sku', 'ENTERPRISEPACK', '--sku', 'EMS', '--format', 'json', ...extra);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.text);
      expect(Object.keys(out)).toEqual(['skus']);
      expect(out.skus.map((s: VerifyOutput) => s.sku.skuPartNumber)).toEqual(['ENTERPRISEPACK', 'EMS']);
      for (const s of out.skus) {
        expect(Object.keys(s)).toEqual(['sku', 'group', 'users', 'summary']);
        expect(new Set(s.users.map((u: { id: string }) => u.id)).size).toBe(USERS);
        expect(Object.values(s.summary).reduce((a: number, b) => a + (b as number), 0)).toBe(USERS);
      }
      expect(out.skus[0].summary.ready).toBe(USERS);
      // Written while reading, never as one document: no write carries more than the 10,000 users held back and a
      // page (999) that took them past it.
      const perWrite = r.writes.map((w) => w.text.split('"userPrincipalName":').length - 1);
      expect(Math.max(...perWrite)).toBeLessThan(11_000);
      expect(perWrite.filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
      expect(r.writes.find((w) => w.text.includes('"users":') || w.text.includes('"users": ['))!.requests).toBeLessThan(r.requests / 2);
    },
    120_000,
  );

  it('csv: the first SKU is written while it is read, before the second is read', async () => {
    const r = await run('--sku', 'EMS', '--sku', 'ENTERPRISEPACK', '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.text.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 2 * USERS);
    expect(lines.slice(1).map((l) => l.split(',').pop())).toEqual([...Array(USERS).fill('EMS'), ...Array(USERS).fill('ENTERPRISEPACK')]);
    const firstEms = r.writes.findIndex((w) => w.text.endsWith(',EMS\r\n'));
    const firstE3 = r.writes.findIndex((w) => w.text.includes(',ENTERPRISEPACK\r\n'));
    // EMS rows went out before half the reads were made, and E3's after EMS was done.
    expect(r.writes[firstEms].requests).toBeLessThan(r.requests / 2);
    expect(r.writes.slice(firstE3).some((w) => w.text.includes(',EMS\r\n'))).toBe(false);
    expect(r.writes[firstE3].requests).toBeGreaterThan(r.writes[firstEms].requests);
  }, 120_000);
});
