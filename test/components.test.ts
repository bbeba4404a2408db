import { componentOptions } from '../src/components';
import { loadConfig } from '../src/config';

const TENANT = '11111111-1111-4111-8111-111111111111';
const APPROVER = '22222222-2222-4222-8222-222222222222';
const BOT_APP = '33333333-3333-4333-8333-333333333333';
// A complete production configuration: a real tenant, Bot Framework authentication, named approvers.
const tenantGraph = {
  GRAPH_AUTH: 'clientSecret',
  GRAPH_TENANT_ID: TENANT,
  GRAPH_CLIENT_ID: APPROVER,
  GRAPH_CLIENT_SECRET: 'not-logged',
  MicrosoftAppId: BOT_APP,
  MicrosoftAppPassword: 'also-not-logged',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: TENANT,
  APPROVER_IDS: APPROVER,
};

describe('componentOptions: every component takes its settings from one place', () => {
  it('should give the four-eyes rule to the engine, the authorisation policy and the cards alike', () => {
    const c = componentOptions(loadConfig({ ...tenantGraph, FOUR_EYES: 'true', APPROVER_IDS: APPROVER, ALLOWED_TENANT_IDS: TENANT }));
    expect(c.engine.fourEyes).toBe(true);
    expect(c.policy).toEqual({ allowedTenantIds: [TENANT], approverIds: [APPROVER], approverGroupId: undefined, fourEyes: true });
    expect(c.settings.fourEyes).toBe(true);
    const off = componentOptions(loadConfig({ ...tenantGraph, FOUR_EYES: 'false' }));
    expect([off.engine.fourEyes, off.policy.fourEyes, off.settings.fourEyes]).toEqual([false, false, false]);
  });

  it('should decide once whether Graph is the simulator, and tune polling and the cards from that', () => {
    const sim = loadConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:5050/v1.0' });
    expect(sim).toMatchObject({ graphAuth: 'none', graphSimulated: true, fourEyes: false });
    expect(componentOptions(sim)).toMatchObject({
      graph: { auth: 'none', baseUrl: 'http://127.0.0.1:5050/v1.0' },
      engine: { pollIntervalMs: 500 },
      settings: { simulated: true },
    });
    const tenant = loadConfig(tenantGraph);
    expect(tenant).toMatchObject({ graphSimulated: false, fourEyes: true });
    expect(componentOptions(tenant)).toMatchObject({
      graph: { auth: 'clientSecret', clientSecret: 'not-logged' },
      engine: { pollIntervalMs: undefined },
      settings: { simulated: false },
    });
  });

  it('should carry batch sizes and the quorum to the engine and the bot, and let tests shorten the waits', () => {
    const c = componentOptions(loadConfig({ ...tenantGraph, APPROVAL_QUORUM: '2', CANARY_BATCH_SIZE: '5', MAX_BATCH_SIZE: '500' }), {
      pollIntervalMs: 25,
      verifyTimeoutMs: 1000,
    });
    expect(c.engine).toMatchObject({
      defaultRequiredApprovals: 2,
      batchPolicy: { canarySize: 5, maxBatchSize: 500 },
      pollIntervalMs: 25,
      verifyTimeoutMs: 1000,
    });
    expect(c.settings).toMatchObject({ approvalQuorum: 2, canaryBatchSize: 5, maxBatchSize: 500, verifyTimeoutMs: 1000 });
  });
});
