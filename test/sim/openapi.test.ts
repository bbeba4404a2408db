import { Client } from '../support/simClient';
import type { RunningSimulator } from '../../src/sim';
/**
 * Oracle test: the simulator's licensing responses (and the request bodies a client sends) must validate against
 * the Graph v1.0 OpenAPI subset in ../shared/schemas, following the recipe in its README.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { startSimulator } from '../../src/sim';
import { E3 } from '../support/constants';

const repoRoot = path.resolve(__dirname, '..', '..');
const graphFile = path.resolve(repoRoot, '..', 'shared', 'schemas', 'graph-licensing.openapi.json');
const present = fs.existsSync(graphFile);
if (!present) console.log(`skipped: ${graphFile} is absent, simulator responses not validated against Graph's OpenAPI`);

const SWAY = 'a23b959c-7ce8-4e57-9140-b90eb88a9e97';
const E3_PLANS: [string, string][] = [
  ['EXCHANGE_S_ENTERPRISE', 'efb87545-963c-4e0d-99df-69c6916d9eb0'],
  ['SHAREPOINTENTERPRISE', '5dbe027f-2339-4123-9542-606e4d348a72'],
  ['TEAMS1', '57ff2da0-773e-42df-b2af-ffb7a2317929'],
  ['MCOSTANDARD', '0feaeb32-d00e-4d66-bd5a-43b5b83db82c'],
  ['OFFICESUBSCRIPTION', '43de0ff5-c92c-492b-9116-175376d08c38'],
  ['YAMMER_ENTERPRISE', '7547a3fe-08ee-4ccb-b430-5077c5041653'],
  ['SWAY', SWAY],
  ['FORMS_PLAN_E3', '2789c901-c14e-48ab-a76a-be334d9d793a'],
];
const uid = (n: number) => `00000000-0000-0f01-0000-${n.toString(16).padStart(12, '0')}`;
const GROUP = '00000000-0000-0f02-0000-000000000001';
const PLAIN_GROUP = '00000000-0000-0f02-0000-000000000002';

// Users 1-4 hold E3 directly; user 5 has none and E3 has only 4 units, so licensing the group puts user 5 in CountViolation.
const fixture = {
  tenant: {
    id: '00000000-0000-0f00-0000-000000000000',
    displayName: 'Oracle',
    defaultUsageLocation: 'US',
    domain: 'oracle.onmicrosoft.com',
  },
  skus: [
    {
      skuId: E3,
      skuPartNumber: 'ENTERPRISEPACK',
      displayName: 'Office 365 E3',
      prepaidUnits: { enabled: 4 },
      servicePlans: E3_PLANS.map(([servicePlanName, servicePlanId]) => ({ servicePlanId, servicePlanName })),
    },
  ],
  groups: [
    { id: GROUP, displayName: 'Licensed', securityEnabled: true, members: [1, 2, 3, 4, 5].map(uid) },
    { id: PLAIN_GROUP, displayName: 'Unlicensed', securityEnabled: true, members: [] },
  ],
  users: [1, 2, 3, 4, 5, 6].map((n) => ({
    id: uid(n),
    userPrincipalName: `user${n}@oracle.onmicrosoft.com`,
    displayName: `User ${n}`,
    usageLocation: 'US',
    assignedLicenses: n <= 4 ? [{ skuId: E3, disabledPlans: n === 1 ? [SWAY] : [] }] : [],
  })),
  behaviour: { groupProcessingDelayMs: 50 },
};

const USER_LICENSE_FIELDS =
  'id,displayName,userPrincipalName,usageLocation,accountEnabled,assignedLicenses,licenseAssignmentStates,assignedPlans';
const GROUP_LICENSE_FIELDS =
  'id,displayName,assignedLicenses,licenseProcessingState,securityEnabled,mailEnabled,groupTypes,membershipRule,hasMembersWithLicenseErrors';

const ptr = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1').replace(/\{/g, '%7B').replace(/\}/g, '%7D');

const d = present ? describe : describe.skip;

d('simulator responses validate against graph-licensing.openapi.json', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let graph: any;
  let ajv: Ajv;
  let sim: RunningSimulator;

  /** Validator for the documented success (or error) response of one operation, resolving components/responses refs. */
  function responseSchema(pathKey: string, method: string, status: string): ValidateFunction {
    const responses = graph.paths[pathKey]?.[method]?.responses;
    if (!responses?.[status]) throw new Error(`the oracle has no ${status} response for ${method.toUpperCase()} ${pathKey}`);
    let pointer = `#/paths/${ptr(pathKey)}/${method}/responses/${status}`;
    const ref: string | undefined = responses[status].$ref;
    if (ref) pointer = ref;
    return ajv.compile({ $ref: `graph.json${pointer}/content/application~1json/schema` });
  }
  function requestSchema(pathKey: string, method: string): ValidateFunction {
    const ref: string | undefined = graph.paths[pathKey]?.[method]?.requestBody?.$ref;
    const pointer = ref ?? `#/paths/${ptr(pathKey)}/${method}/requestBody`;
    return ajv.compile({ $ref: `graph.json${pointer}/content/application~1json/schema` });
  }
  const component = (name: string) => ajv.compile({ $ref: `graph.json#/components/schemas/${ptr(name)}` });

  function expectValid(validate: ValidateFunction, body: unknown, what: string) {
    const ok = validate(body);
    expect({ what, errors: validate.errors ?? [] }).toEqual({ what, errors: [] });
    expect(ok).toBe(true);
  }

  const call = (...args: Parameters<Client['call']>) => new Client(sim).call(...args);

  async function waitProcessed(groupId: string) {
    for (let i = 0; i < 200; i++) {
      const r = await call('GET', `/groups/${groupId}?$select=id,licenseProcessingState`);
      if (r.body?.licenseProcessingState?.state === 'ProcessingComplete') return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`group ${groupId} never reached ProcessingComplete`);
  }

  beforeAll(async () => {
    graph = JSON.parse(fs.readFileSync(graphFile, 'utf8'));
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(graph, 'graph.json');
    sim = await startSimulator({ fixture, port: 0, quiet: true });
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('rejects what it should (the oracle is not vacuous)', () => {
    const assignBody = requestSchema('/users/{user-id}/assignLicense', 'post');
    expect(assignBody({ addLicences: [], removeLicenses: [] })).toBe(false);
    expect(component('microsoft.graph.user')({ id: uid(1), accountEnabled: 'true' })).toBe(false);
    expect(component('microsoft.graph.assignedLicense')({ skuId: 'not-a-guid', disabledPlans: [] })).toBe(false);
  });

  it('GET /subscribedSkus', async () => {
    const r = await call('GET', '/subscribedSkus');
    expect(r.status).toBe(200);
    expectValid(responseSchema('/subscribedSkus', 'get', '200'), r.body, 'subscribedSkus page');
    expect(r.body.value.map((s: { skuId: string }) => s.skuId)).toContain(E3);
  });

  it('GET /users (a page with license fields and a nextLink)', async () => {
    const r = await call('GET', `/users?$select=${USER_LICENSE_FIELDS}&$top=2`);
    expect(r.status).toBe(200);
    expectValid(responseSchema('/users', 'get', '200'), r.body, 'users page');
    expect(r.body.value).toHaveLength(2);
    expect(typeof r.body['@odata.nextLink']).toBe('string');
    const next = await call('GET', r.body['@odata.nextLink']);
    expect(next.status).toBe(200);
    expectValid(responseSchema('/users', 'get', '200'), next.body, 'users next page');
  });

  it('GET /users/{id} with $select of the license fields', async () => {
    const r = await call('GET', `/users/${uid(1)}?$select=${USER_LICENSE_FIELDS}`);
    expect(r.status).toBe(200);
    expectValid(responseSchema('/users/{user-id}', 'get', '200'), r.body, 'user');
    expect(r.body.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [SWAY] }]);
    expect(r.body.licenseAssignmentStates).toEqual([expect.objectContaining({ skuId: E3, assignedByGroup: null, state: 'Active' })]);
  });

  it('GET /users/{id}/licenseDetails', async () => {
    const r = await call('GET', `/users/${uid(1)}/licenseDetails`);
    expect(r.status).toBe(200);
    expectValid(responseSchema('/users/{user-id}/licenseDetails', 'get', '200'), r.body, 'licenseDetails');
    expect(r.body.value).toHaveLength(1);
  });

  it('POST /users/{id}/assignLicense: the request body and the 200 user response', async () => {
    const body = { addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] };
    expectValid(requestSchema('/users/{user-id}/assignLicense', 'post'), body, 'user assignLicense request');
    const r = await call('POST', `/users/${uid(1)}/assignLicense`, body);
    expect(r.status).toBe(200);
    expectValid(responseSchema('/users/{user-id}/assignLicense', 'post', '200'), r.body, 'user assignLicense response');
    expect(r.body.id).toBe(uid(1));
  });

  it('PATCH /users/{id} (usageLocation): the request body and 204', async () => {
    const body = { usageLocation: 'GB' };
    expectValid(requestSchema('/users/{user-id}', 'patch'), body, 'user PATCH request');
    const r = await call('PATCH', `/users/${uid(6)}`, body);
    expect(r.status).toBe(204);
    expect((await call('GET', `/users/${uid(6)}?$select=id,usageLocation`)).body.usageLocation).toBe('GB');
  });

  it('POST /groups/{id}/members/$ref: the request body, 204, and the member in members and transitiveMembers', async () => {
    const body = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${uid(6)}` };
    expectValid(requestSchema('/groups/{group-id}/members/$ref', 'post'), body, 'members/$ref request');
    const r = await call('POST', `/groups/${PLAIN_GROUP}/members/$ref`, body);
    expect(r.status).toBe(204);
    const members = await call('GET', `/groups/${PLAIN_GROUP}/members?$select=id,displayName`);
    expectValid(responseSchema('/groups/{group-id}/members', 'get', '200'), members.body, 'members page');
    expect(members.body.value.map((m: { id: string }) => m.id)).toEqual([uid(6)]);
    const transitive = await call('GET', `/groups/${PLAIN_GROUP}/transitiveMembers?$select=id,displayName`);
    expect(transitive.status).toBe(200);
    expectValid(responseSchema('/groups/{group-id}/transitiveMembers', 'get', '200'), transitive.body, 'transitiveMembers page');
    expect(transitive.body.value.map((m: { id: string }) => m.id)).toEqual([uid(6)]);
  });

  it('an OData error body (unknown user, unknown SKU)', async () => {
    const notFound = await call('GET', `/users/${uid(999)}`);
    expect(notFound.status).toBe(404);
    expectValid(component('microsoft.graph.ODataErrors.ODataError'), notFound.body, '404 error');
    const body = { addLicenses: [{ skuId: '00000000-0000-0000-0000-00000000abcd', disabledPlans: [] }], removeLicenses: [] };
    const badSku = await call('POST', `/users/${uid(2)}/assignLicense`, body);
    expect(badSku.status).toBe(400);
    expectValid(responseSchema('/users/{user-id}/assignLicense', 'post', 'default'), badSku.body, '400 error');
  });

  describe('after the group is licensed', () => {
    beforeAll(async () => {
      const body = { addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] };
      expectValid(requestSchema('/groups/{group-id}/assignLicense', 'post'), body, 'group assignLicense request');
      const r = await call('POST', `/groups/${GROUP}/assignLicense`, body);
      expect(r.status).toBe(202);
      expectValid(responseSchema('/groups/{group-id}/assignLicense', 'post', '202'), r.body, 'group assignLicense response');
      await waitProcessed(GROUP);
    });

    it('GET /groups/{id} with the license fields', async () => {
      const r = await call('GET', `/groups/${GROUP}?$select=${GROUP_LICENSE_FIELDS}`);
      expect(r.status).toBe(200);
      expectValid(responseSchema('/groups/{group-id}', 'get', '200'), r.body, 'group');
      expect(r.body.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [] }]);
      expect(r.body.licenseProcessingState).toEqual(expect.objectContaining({ state: 'ProcessingComplete' }));
    });

    it('GET /groups/{id}/members (paged)', async () => {
      const r = await call('GET', `/groups/${GROUP}/members?$select=id,displayName,userPrincipalName&$top=2`);
      expect(r.status).toBe(200);
      expectValid(responseSchema('/groups/{group-id}/members', 'get', '200'), r.body, 'members page');
      expect(r.body.value).toHaveLength(2);
      expect(typeof r.body['@odata.nextLink']).toBe('string');
    });

    it('GET /groups/{id}/membersWithLicenseErrors', async () => {
      const r = await call('GET', `/groups/${GROUP}/membersWithLicenseErrors`);
      expect(r.status).toBe(200);
      expectValid(responseSchema('/groups/{group-id}/membersWithLicenseErrors', 'get', '200'), r.body, 'membersWithLicenseErrors');
      expect(r.body.value.map((m: { id: string }) => m.id)).toEqual([uid(5)]);
      const user = await call('GET', `/users/${uid(5)}?$select=${USER_LICENSE_FIELDS}`);
      expectValid(responseSchema('/users/{user-id}', 'get', '200'), user.body, 'user in error');
      expect(user.body.licenseAssignmentStates).toEqual([expect.objectContaining({ assignedByGroup: GROUP, error: 'CountViolation' })]);
    });

    it('GET /auditLogs/directoryAudits', async () => {
      const r = await call('GET', '/auditLogs/directoryAudits');
      expect(r.status).toBe(200);
      expectValid(responseSchema('/auditLogs/directoryAudits', 'get', '200'), r.body, 'directoryAudits');
      expect(r.body.value.length).toBeGreaterThan(0);
    });

    it('POST /$batch: request and response match the x-oracle schemas, inner bodies match Graph', async () => {
      const batch = {
        requests: [
          { id: '1', method: 'GET', url: `/users/${uid(2)}?$select=${USER_LICENSE_FIELDS}` },
          { id: '2', method: 'GET', url: `/groups/${GROUP}?$select=${GROUP_LICENSE_FIELDS}`, dependsOn: ['1'] },
          { id: '3', method: 'GET', url: `/users/${uid(998)}` },
        ],
      };
      expectValid(component('x-oracle.BatchRequestContent'), batch, 'batch request');
      const r = await call('POST', '/$batch', batch);
      expect(r.status).toBe(200);
      expectValid(responseSchema('/$batch', 'post', '200'), r.body, 'batch response');
      const byId = Object.fromEntries(r.body.responses.map((x: { id: string }) => [x.id, x]));
      expect(byId['1'].status).toBe(200);
      expectValid(component('microsoft.graph.user'), byId['1'].body, 'batched user');
      expect(byId['2'].status).toBe(200);
      expectValid(component('microsoft.graph.group'), byId['2'].body, 'batched group');
      expect(byId['3'].status).toBe(404);
      expectValid(component('microsoft.graph.ODataErrors.ODataError'), byId['3'].body, 'batched error');
    });
  });
});
