import { startSimulator, type RunningSimulator } from '../../src/sim';

import { E3 } from './constants';
export { E3 };
export const EXS = '4b9405b0-7788-4568-add1-99614e613b69';
export const ADDON = '0e142028-345e-45da-8d92-8bfd4093bbb9';
export const P = {
  EXCHANGE_S_ENTERPRISE: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
  SHAREPOINTENTERPRISE: '5dbe027f-2339-4123-9542-606e4d348a72',
  TEAMS1: '57ff2da0-773e-42df-b2af-ffb7a2317929',
  FORMS_PLAN_E3: '2789c901-c14e-48ab-a76a-be334d9d793a',
  EXCHANGE_S_STANDARD: '9aaf7827-d63c-4b61-89c3-182f06f82e5c',
  TEAMS_ADDON_PLAN: 'b83f66d1-ca16-4ba7-af6a-8fc7c7f05d25',
};
export const TENANT = '00000000-0000-0000-0000-0000000000aa';

/** Deterministic ids: kind 1 = users, 2 = groups. */
export const uid = (n: number) => `00000000-0000-0000-0001-${n.toString(16).padStart(12, '0')}`;
export const gid = (n: number) => `00000000-0000-0000-0002-${n.toString(16).padStart(12, '0')}`;

export interface UserSpec {
  n: number;
  loc?: string | null;
  direct?: { skuId: string; disabledPlans?: string[] }[];
}

export function e3Sku(units: number) {
  return {
    skuId: E3,
    skuPartNumber: 'ENTERPRISEPACK',
    displayName: 'Office 365 E3',
    prepaidUnits: { enabled: units },
    servicePlans: [
      { servicePlanId: P.EXCHANGE_S_ENTERPRISE, servicePlanName: 'EXCHANGE_S_ENTERPRISE' },
      { servicePlanId: P.SHAREPOINTENTERPRISE, servicePlanName: 'SHAREPOINTENTERPRISE' },
      { servicePlanId: P.TEAMS1, servicePlanName: 'TEAMS1' },
      { servicePlanId: P.FORMS_PLAN_E3, servicePlanName: 'FORMS_PLAN_E3' },
    ],
  };
}

export const exchangeSku = (units: number) => ({
  skuId: EXS,
  skuPartNumber: 'EXCHANGESTANDARD',
  prepaidUnits: { enabled: units },
  servicePlans: [{ servicePlanId: P.EXCHANGE_S_STANDARD, servicePlanName: 'EXCHANGE_S_STANDARD' }],
});

export const addonSku = (units: number) => ({
  skuId: ADDON,
  skuPartNumber: 'TEAMS_ADDON_EXAMPLE',
  prepaidUnits: { enabled: units },
  servicePlans: [{ servicePlanId: P.TEAMS_ADDON_PLAN, servicePlanName: 'TEAMS_ADDON_PLAN', dependsOn: [P.TEAMS1] }],
});

export function users(specs: UserSpec[]) {
  return specs.map((s) => ({
    id: uid(s.n),
    userPrincipalName: `user${s.n}@contoso.example`,
    displayName: `User ${s.n}`,
    usageLocation: s.loc === undefined ? 'NL' : s.loc,
    assignedLicenses: (s.direct ?? []).map((d) => ({ skuId: d.skuId, disabledPlans: d.disabledPlans ?? [] })),
  }));
}

export const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** A small tenant; callers override pieces. Short processing delay keeps tests fast. */
export function fixture(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tenant: { id: TENANT, displayName: 'Contoso', defaultUsageLocation: 'NL', domain: 'contoso.example' },
    skus: [e3Sku(10)],
    users: users(range(1, 5).map((n) => ({ n, direct: [{ skuId: E3 }] }))),
    groups: [],
    ...over,
    behaviour: { groupProcessingDelayMs: 40, ...((over.behaviour as object) ?? {}) },
  };
}

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/** A client for one running simulator. */
export class Client {
  constructor(readonly sim: RunningSimulator) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const url = path.startsWith('http') ? path : path.startsWith('/_sim') ? this.sim.url + path : this.sim.graphUrl + path;
    const r = await fetch(url, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ignored', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
  }

  get = (path: string, headers?: Record<string, string>) => this.call('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) => this.call('POST', path, body, headers);

  assignUser(user: string, add: { skuId: string; disabledPlans?: string[] }[], remove: string[] = []) {
    return this.post(`/users/${user}/assignLicense`, {
      addLicenses: add.map((a) => ({ skuId: a.skuId, disabledPlans: a.disabledPlans ?? [] })),
      removeLicenses: remove,
    });
  }

  assignGroup(group: string, add: { skuId: string; disabledPlans?: string[] }[], remove: string[] = []) {
    return this.post(`/groups/${group}/assignLicense`, {
      addLicenses: add.map((a) => ({ skuId: a.skuId, disabledPlans: a.disabledPlans ?? [] })),
      removeLicenses: remove,
    });
  }

  async states(user: string) {
    return (await this.get(`/users/${user}?$select=id,licenseAssignmentStates`)).body.licenseAssignmentStates as {
      skuId: string;
      disabledPlans: string[];
      assignedByGroup: string | null;
      state: string;
      error: string;
    }[];
  }

  async enabledPlans(user: string, skuId: string): Promise<string[]> {
    const d = (await this.get(`/users/${user}/licenseDetails`)).body.value.find((x: { skuId: string }) => x.skuId === skuId);
    if (!d) return [];
    return d.servicePlans
      .filter((p: { provisioningStatus: string }) => p.provisioningStatus !== 'Disabled')
      .map((p: { servicePlanId: string }) => p.servicePlanId)
      .sort();
  }

  async consumed(skuId = E3): Promise<number> {
    return (await this.get('/subscribedSkus')).body.value.find((s: { skuId: string }) => s.skuId === skuId).consumedUnits;
  }

  async processingState(group: string): Promise<string> {
    return (await this.get(`/groups/${group}?$select=id,licenseProcessingState`)).body.licenseProcessingState.state;
  }

  /** Polls until the group reports ProcessingComplete; returns every state seen on the way. */
  async waitProcessed(group: string, maxMs = 5000): Promise<string[]> {
    const seen: string[] = [];
    const t0 = Date.now();
    for (;;) {
      const s = await this.processingState(group);
      if (seen[seen.length - 1] !== s) seen.push(s);
      if (s === 'ProcessingComplete') return seen;
      if (Date.now() - t0 > maxMs) throw new Error(`group ${group} still ${s} after ${maxMs} ms`);
      await sleep(5);
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async all(path: string, headers?: Record<string, string>): Promise<{ items: any[]; pages: number }> {
    const items = [];
    let pages = 0;
    let url: string | undefined = path;
    while (url) {
      const r = await this.get(url, headers);
      if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body)}`);
      items.push(...r.body.value);
      pages++;
      url = r.body['@odata.nextLink'];
    }
    return { items, pages };
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a quiet in-process simulator on a random port. */
export async function start(fix: Record<string, unknown>, behaviour?: Record<string, unknown>): Promise<Client> {
  const sim = await startSimulator({ fixture: fix, port: 0, quiet: true, behaviour: behaviour as never });
  return new Client(sim);
}
