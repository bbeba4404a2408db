import { Client } from './support/simClient';
/**
 * Each shipped scenario fixture does, in the running simulator, what fixtures/README.md promises
 * (the errors appear where they should, nested members inherit nothing, the automation churns, …).
 */
import * as path from 'node:path';
import { startSimulator } from '../src/sim';
import { E3 } from './support/constants';

const fixturesDir = path.resolve(__dirname, '..', 'fixtures');
const YAMMER = '7547a3fe-08ee-4ccb-b430-5077c5041653';
const SWAY = 'a23b959c-7ce8-4e57-9140-b90eb88a9e97';
const TEAMS1 = '57ff2da0-773e-42df-b2af-ffb7a2317929';

/** The synthetic ids of scripts/make-fixtures.ts: `kind` in the upper 64 bits, `n` in the lower. */
const gid = (kind: number, n: number) => `00000000-0000-${kind.toString(16).padStart(4, '0')}-0000-${n.toString(16).padStart(12, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

interface State {
  skuId: string;
  assignedByGroup: string | null;
  state: string;
  error: string;
  disabledPlans: string[];
}

type Sim = Awaited<ReturnType<typeof startSimulator>>;

function client(sim: Sim) {
  const simClient = new Client(sim);
  const call = (...args: Parameters<Client['call']>) => simClient.call(...args);
  const states = async (userId: string): Promise<State[]> =>
    (await call('GET', `/users/${userId}?$select=id,licenseAssignmentStates`)).body.licenseAssignmentStates;
  async function processed(groupId: string) {
    for (let i = 0; i < 400; i++) {
      const s = (await call('GET', `/groups/${groupId}?$select=id,licenseProcessingState`)).body?.licenseProcessingState?.state;
      if (s === 'ProcessingComplete') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`group ${groupId} never reached ProcessingComplete`);
  }
  async function licenseGroup(groupId: string, disabledPlans: string[] = []) {
    const r = await call('POST', `/groups/${groupId}/assignLicense`, { addLicenses: [{ skuId: E3, disabledPlans }], removeLicenses: [] });
    expect(r.status).toBe(202);
    // Processing is asynchronous: wait until the change has been picked up before waiting for completion.
    await new Promise((res) => setTimeout(res, 100));
    await processed(groupId);
  }
  async function all(p: string) {
    const out: { id: string }[] = [];
    let next: string | undefined = p;
    while (next) {
      const r = await call('GET', next);
      expect(r.status).toBe(200);
      out.push(...r.body.value);
      next = r.body['@odata.nextLink'];
    }
    return out;
  }
  const errorsOf = async (userId: string, groupId: string) =>
    (await states(userId)).filter((s) => s.assignedByGroup === groupId).map((s) => s.error);
  return { call, states, processed, licenseGroup, all, errorsOf };
}

async function withSim(file: string, fn: (c: ReturnType<typeof client>) => Promise<void>) {
  const sim = await startSimulator({ fixture: path.join(fixturesDir, file), port: 0, quiet: true });
  try {
    await fn(client(sim));
  } finally {
    await sim.close();
  }
}

describe('scenario fixtures behave as fixtures/README.md says', () => {
  it('contoso-1000: 1,000 direct E3 holders, all in "All users", which has no license', () =>
    withSim('contoso-1000.json', async (c) => {
      const users = await c.all('/users?$select=id,assignedLicenses,usageLocation&$top=999');
      expect(users).toHaveLength(1000);
      const group = (await c.all('/groups?$select=id,displayName,assignedLicenses')).find(
        (g) => (g as { displayName?: string }).displayName === 'All users',
      ) as { id: string; assignedLicenses: unknown[] };
      expect(group.assignedLicenses).toEqual([]);
      expect(await c.all(`/groups/${group.id}/members?$select=id&$top=999`)).toHaveLength(1000);
      const sku = (await c.call('GET', '/subscribedSkus')).body.value.find((s: { skuId: string }) => s.skuId === E3);
      expect(sku.consumedUnits).toBe(1000);
    }));

  it('errors-mix: licensing "Migration wave 1" yields Count, MutuallyExclusive and ProhibitedInUsageLocation violations; the audio group a DependencyViolation', () =>
    withSim('errors-mix.json', async (c) => {
      const K = 0x200,
        wave = gid(K + 1, 1),
        audio = gid(K + 1, 2);
      await c.processed(audio);
      for (const n of [31, 32]) expect(await c.errorsOf(gid(K, n), audio)).toEqual(['DependencyViolation']);
      for (const n of [29, 30]) expect(await c.errorsOf(gid(K, n), audio)).toEqual(['None']);

      await c.licenseGroup(wave);
      const expected: Record<number, string> = {};
      for (const n of range(1, 20)) expected[n] = 'None';
      for (const n of range(21, 24)) expected[n] = 'CountViolation';
      for (const n of [25, 26]) expected[n] = 'MutuallyExclusiveViolation';
      for (const n of [27, 28]) expected[n] = 'ProhibitedInUsageLocationViolation';
      const actual: Record<number, string> = {};
      for (const n of range(1, 28)) actual[n] = (await c.errorsOf(gid(K, n), wave)).join();
      expect(actual).toEqual(expected);
      const inError = (await c.all(`/groups/${wave}/membersWithLicenseErrors`)).map((m) => m.id).sort();
      expect(inError).toEqual(
        range(21, 28)
          .map((n) => gid(K, n))
          .sort(),
      );
    }));

  it('cohorts: the members hold E3 directly in three disabledPlans sets', () =>
    withSim('cohorts.json', async (c) => {
      const users = (await c.all('/users?$select=id,assignedLicenses&$top=999')) as unknown as {
        assignedLicenses: { skuId: string; disabledPlans: string[] }[];
      }[];
      const sets = new Map<string, number>();
      for (const u of users) {
        const key = u.assignedLicenses
          .filter((l) => l.skuId === E3)
          .map((l) => [...l.disabledPlans].sort().join('+'))
          .join();
        sets.set(key, (sets.get(key) ?? 0) + 1);
      }
      expect(Object.fromEntries(sets)).toEqual({ '': 12, [[SWAY, YAMMER].sort().join('+')]: 10, [TEAMS1]: 8 });
    }));

  it('exclusive-exchange: a full E3 group license conflicts with every Exchange Online (Plan 1) holder', () =>
    withSim('exclusive-exchange.json', async (c) => {
      const K = 0x400,
        group = gid(K + 1, 1);
      await c.licenseGroup(group);
      for (const n of range(1, 10)) expect(await c.errorsOf(gid(K, n), group)).toEqual(['None']);
      for (const n of range(11, 17)) expect(await c.errorsOf(gid(K, n), group)).toEqual(['MutuallyExclusiveViolation']);
    }));

  it('missing-usage-location: members without a location get the group license via the tenant default; a newcomer too', () =>
    withSim('missing-usage-location.json', async (c) => {
      const K = 0x500,
        group = gid(K + 1, 1),
        newcomer = gid(K, 15);
      await c.licenseGroup(group);
      for (const n of range(1, 14)) expect(await c.errorsOf(gid(K, n), group)).toEqual(['None']);
      const r = await c.call('POST', `/groups/${group}/members/$ref`, {
        '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${newcomer}`,
      });
      expect(r.status).toBe(204);
      await new Promise((res) => setTimeout(res, 100));
      await c.processed(group);
      expect(await c.errorsOf(newcomer, group)).toEqual(['None']);
      // Group licensing never writes usageLocation.
      expect((await c.call('GET', `/users/${newcomer}?$select=id,usageLocation`)).body.usageLocation ?? null).toBeNull();
    }));

  it('plan-mismatch: the group enables fewer plans than the full direct holders have', () =>
    withSim('plan-mismatch.json', async (c) => {
      const K = 0x600,
        group = gid(K + 1, 1);
      await c.processed(group);
      const inherited = (await c.states(gid(K, 1))).find((s) => s.assignedByGroup === group);
      expect(inherited?.state).toBe('Active');
      expect([...(inherited?.disabledPlans ?? [])].sort()).toEqual([SWAY, YAMMER].sort());
      const direct = (await c.states(gid(K, 1))).find((s) => s.assignedByGroup === null);
      expect(direct?.disabledPlans).toEqual([]);
    }));

  it('automation-churn: joiners appear with a direct E3 while the run goes on', () =>
    withSim('automation-churn.json', async (c) => {
      const before = (await c.all('/users?$select=id&$top=999')).length;
      await new Promise((r) => setTimeout(r, 1000));
      const after = (await c.all('/users?$select=id,assignedLicenses&$top=999')) as unknown as {
        id: string;
        assignedLicenses: { skuId: string }[];
      }[];
      expect(after.length).toBeGreaterThan(before);
      const fixtureIds = new Set(range(1, 40).map((n) => gid(0x700, n)));
      const joiners = after.filter((u) => !fixtureIds.has(u.id));
      expect(joiners.length).toBeGreaterThan(0);
      expect(joiners.some((u) => u.assignedLicenses.some((l) => l.skuId === E3))).toBe(true);
    }));

  it('nested-and-dynamic: members of a nested group inherit nothing; a non-security group cannot hold licenses', () =>
    withSim('nested-and-dynamic.json', async (c) => {
      const K = 0x800,
        parent = gid(K + 1, 1),
        dynamic = gid(K + 1, 3),
        teamSite = gid(K + 1, 5);
      await c.licenseGroup(parent);
      for (const n of range(1, 5)) expect(await c.errorsOf(gid(K, n), parent)).toEqual(['None']);
      for (const n of range(6, 10)) expect(await c.errorsOf(gid(K, n), parent)).toEqual([]);
      const dyn = (await c.call('GET', `/groups/${dynamic}?$select=id,groupTypes,membershipRule`)).body;
      expect(dyn.groupTypes).toContain('DynamicMembership');
      expect(typeof dyn.membershipRule).toBe('string');
      // Its members are the users its rule matches: the five in Sales.
      const members = (await c.all(`/groups/${dynamic}/members?$select=id`)).map((m) => m.id).sort();
      expect(members).toEqual(range(11, 15).map((n) => gid(K, n)));
      const r = await c.call('POST', `/groups/${teamSite}/assignLicense`, {
        addLicenses: [{ skuId: E3, disabledPlans: [] }],
        removeLicenses: [],
      });
      expect(r.status).toBe(400);
      expect(typeof r.body.error.message).toBe('string');
    }));

  it('dynamic-groups: members follow the rules; licensing the Sales group reaches only the users its rule matches', () =>
    withSim('dynamic-groups.json', async (c) => {
      const K = 0xb00,
        sales = gid(K + 1, 1),
        byExtension = gid(K + 1, 2);
      const membersOf = async (g: string) => (await c.all(`/groups/${g}/members?$select=id`)).map((m) => m.id).sort();
      expect(await membersOf(sales)).toEqual([...range(1, 10), 16, 17].map((n) => gid(K, n)));
      expect(await membersOf(byExtension)).toEqual(range(18, 20).map((n) => gid(K, n)));
      const g = (await c.call('GET', `/groups/${sales}?$select=id,membershipRule,membershipRuleProcessingState`)).body;
      expect(g.membershipRuleProcessingState).toBe('On');
      // The extension-attribute group is licensed from the start: its members hold E3 directly and through it.
      await c.processed(byExtension);
      for (const n of range(18, 20)) expect(await c.errorsOf(gid(K, n), byExtension)).toEqual(['None']);
      await c.licenseGroup(sales);
      for (const n of [...range(1, 10), 16, 17]) expect(await c.errorsOf(gid(K, n), sales)).toEqual(['None']);
      // Direct holders the rule does not match, one reason each: trailing space, Marketing, no department, disabled, guest.
      for (const n of range(11, 15)) expect(await c.errorsOf(gid(K, n), sales)).toEqual([]);
      const trailing = (await c.call('GET', `/users/${gid(K, 11)}?$select=id,department,userType,accountEnabled`)).body;
      expect(trailing).toEqual(expect.objectContaining({ department: 'sales ', userType: 'Member', accountEnabled: true }));
    }));

  it('gen-10k: after processing every generated user holds E3 directly and inherited, one unit each', () =>
    withSim('gen-10k.json', async (c) => {
      const group = gid(0x901, 1);
      await c.processed(group);
      const sku = (await c.call('GET', '/subscribedSkus')).body.value.find((s: { skuId: string }) => s.skuId === E3);
      expect(sku.consumedUnits).toBe(10_000);
      const page = (await c.call('GET', '/users?$select=id,licenseAssignmentStates&$top=5')).body.value as {
        licenseAssignmentStates: State[];
      }[];
      for (const u of page) {
        expect(u.licenseAssignmentStates.map((s) => [s.assignedByGroup, s.state, s.error]).sort()).toEqual(
          [
            [group, 'Active', 'None'],
            [null, 'Active', 'None'],
          ].sort(),
        );
      }
    }));

  it('gen-10k-e3-ems: every generated user holds full E3 and full EMS directly, and no group licenses anything', () =>
    withSim('gen-10k-e3-ems.json', async (c) => {
      const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
      expect(await c.all('/groups?$select=id')).toEqual([]);
      const skus = (await c.call('GET', '/subscribedSkus')).body.value as { skuId: string; consumedUnits: number }[];
      expect(skus.map((s) => [s.skuId, s.consumedUnits]).sort()).toEqual(
        [
          [E3, 10_000],
          [EMS, 10_000],
        ].sort(),
      );
      const users = (await c.all('/users?$select=id,licenseAssignmentStates&$top=999')) as unknown as {
        licenseAssignmentStates: State[];
      }[];
      expect(users).toHaveLength(10_000);
      const expected = [
        [E3, null, 'Active', []],
        [EMS, null, 'Active', []],
      ].sort();
      const unlike = users.filter(
        (u) =>
          JSON.stringify(u.licenseAssignmentStates.map((s) => [s.skuId, s.assignedByGroup, s.state, s.disabledPlans]).sort()) !==
          JSON.stringify(expected),
      );
      expect(unlike).toEqual([]);
    }));
});
