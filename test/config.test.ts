import { ConfigError, loadConfig, rulesInForce } from '../src/config';

const TENANT = '11111111-1111-4111-8111-111111111111';
const APPROVER = '22222222-2222-4222-8222-222222222222';
const BOT_APP = '33333333-3333-4333-8333-333333333333';
const SECRET = 'super-secret-value';
const realGraph = { GRAPH_AUTH: 'clientSecret', GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: APPROVER, GRAPH_CLIENT_SECRET: SECRET };
const botAuth = { MicrosoftAppId: BOT_APP, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('production fails closed', () => {
  it('should refuse a real tenant without approvers, naming APPROVER_IDS', () => {
    const message = refusal({ ...realGraph, ...botAuth });
    expect(message).toMatch(/APPROVER_IDS: expected the object ids of the approvers \(or APPROVER_GROUP_ID/);
    expect(message).not.toContain(SECRET);
  });

  it('should refuse local mode (no Bot Framework authentication) against a real tenant, naming MicrosoftAppId', () => {
    const message = refusal({ ...realGraph, APPROVER_IDS: APPROVER });
    expect(message).toMatch(/MicrosoftAppId: expected the bot's app id/);
    expect(message).not.toMatch(/APPROVER_IDS/);
  });

  it('should refuse when no tenant is allowed and none can be inferred, naming ALLOWED_TENANT_IDS', () => {
    const message = refusal({
      GRAPH_AUTH: 'managedIdentity',
      MicrosoftAppId: BOT_APP,
      MicrosoftAppType: 'UserAssignedMSI',
      APPROVER_GROUP_ID: APPROVER,
    });
    expect(message).toMatch(/ALLOWED_TENANT_IDS: expected the tenant ids allowed/);
  });

  it("should allow only the app's own tenant when ALLOWED_TENANT_IDS is not set", () => {
    expect(loadConfig({ ...realGraph, ...botAuth, APPROVER_IDS: APPROVER }).ALLOWED_TENANT_IDS).toEqual([TENANT]);
    const listed = loadConfig({ ...realGraph, ...botAuth, APPROVER_IDS: APPROVER, ALLOWED_TENANT_IDS: `${TENANT},${APPROVER}` });
    expect(listed.ALLOWED_TENANT_IDS).toEqual([TENANT, APPROVER]);
  });

  it('should keep the easy defaults for the simulator only', () => {
    const sim = loadConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:5050/v1.0' });
    expect(sim).toMatchObject({ graphSimulated: true, APPROVER_IDS: [], ALLOWED_TENANT_IDS: [], MicrosoftAppId: '' });
    expect(rulesInForce(sim).join('\n')).toMatch(/simulator only/);
  });

  it('should list the rules in force for the start-up banner, without secrets', () => {
    const rules = rulesInForce(loadConfig({ ...realGraph, ...botAuth, APPROVER_IDS: APPROVER }));
    expect(rules).toEqual([
      `Graph: https://graph.microsoft.com/v1.0 as app ${APPROVER} (clientSecret)`,
      `Bot Framework authentication: on (app ${BOT_APP})`,
      'Approvers: 1 named in APPROVER_IDS',
      `Allowed tenants: ${TENANT}`,
      'Four-eyes rule: on; approvals per batch: 1',
      "Coverage: union (the user's other Active group paths count alongside the run's group)",
    ]);
    expect(rules.join('\n')).not.toContain(SECRET);
  });
});

describe('COVERAGE', () => {
  const sim = { GRAPH_BASE_URL: 'http://127.0.0.1:5050/v1.0' };
  it('defaults to union and takes run-group', () => {
    expect(loadConfig(sim).COVERAGE).toBe('union');
    expect(loadConfig({ ...sim, COVERAGE: 'union' }).COVERAGE).toBe('union');
    expect(loadConfig({ ...sim, COVERAGE: 'run-group' }).COVERAGE).toBe('run-group');
  });

  it.each(['all', 'Union', 'run_group', 'true'])('refuses %s, naming the variable and both choices', (value) => {
    let thrown: unknown;
    try {
      loadConfig({ ...sim, COVERAGE: value });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues).toEqual([expect.stringMatching(/^COVERAGE: expected union .* or run-group /)]);
  });
});

describe('where the bot listens and how it hands work over', () => {
  it('listens on every interface by default and takes the lease and sweep from the environment', () => {
    const c = loadConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:5050/v1.0', LEASE_SECONDS: '45', SWEEP_SECONDS: '5' });
    expect(c).toMatchObject({ HOST: '0.0.0.0', LEASE_SECONDS: 45, SWEEP_SECONDS: 5 });
    expect(loadConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:5050/v1.0' })).toMatchObject({ LEASE_SECONDS: 30, SWEEP_SECONDS: 10 });
  });

  it.each([
    ['LEASE_SECONDS', '2'],
    ['LEASE_SECONDS', 'soon'],
    ['SWEEP_SECONDS', '0'],
    ['HOST', 'my host; rm -rf'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(refusal({ GRAPH_BASE_URL: 'http://127.0.0.1:5050/v1.0', [name]: value })).toContain(name);
  });
});

describe('drift watch settings', () => {
  const sim = { GRAPH_BASE_URL: 'http://127.0.0.1:5050/v1.0' };
  it('checks daily and waits 30 quiet days by default, and takes minutes, hours or days, or off', () => {
    expect(loadConfig(sim)).toMatchObject({ DRIFT_CHECK_INTERVAL: 86_400_000, DRIFT_QUIET_DAYS: 30 });
    expect(loadConfig({ ...sim, DRIFT_CHECK_INTERVAL: '12h', DRIFT_QUIET_DAYS: '14' })).toMatchObject({
      DRIFT_CHECK_INTERVAL: 43_200_000,
      DRIFT_QUIET_DAYS: 14,
    });
    expect(loadConfig({ ...sim, DRIFT_CHECK_INTERVAL: '30m' }).DRIFT_CHECK_INTERVAL).toBe(1_800_000);
    expect(loadConfig({ ...sim, DRIFT_CHECK_INTERVAL: 'off' }).DRIFT_CHECK_INTERVAL).toBeNull();
  });

  it.each([['daily'], ['0m'], ['31d'], ['1.5h'], ['86400']])('refuses DRIFT_CHECK_INTERVAL=%s with what it expects', (value) => {
    expect(refusal({ ...sim, DRIFT_CHECK_INTERVAL: value })).toContain(
      'DRIFT_CHECK_INTERVAL: expected a duration such as 30m, 12h or 1d (from 1m to 30d), or off',
    );
  });

  it.each([['0'], ['366'], ['2.5'], ['soon']])('refuses DRIFT_QUIET_DAYS=%s with what it expects', (value) => {
    expect(refusal({ ...sim, DRIFT_QUIET_DAYS: value })).toContain('DRIFT_QUIET_DAYS: expected a whole number of days from 1 to 365');
  });
});
