import { chooseDemoMode, portFrom } from '../../src/demo/mode';
import { DEMO_ADMIN, playgroundConfigYaml } from '../../src/demo/playground';

describe('chooseDemoMode', () => {
  it('should run the simulator when nothing is configured', () => {
    expect(chooseDemoMode({})).toEqual({ kind: 'simulated' });
  });

  it('should still run the simulator with a verbatim copy of .env.example (empty values, default Graph URL)', () => {
    const env = {
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0',
      GRAPH_AUTH: 'clientSecret',
      GRAPH_TENANT_ID: '',
      GRAPH_CLIENT_ID: '',
      GRAPH_CLIENT_SECRET: '',
      STORAGE: 'file:.data',
    };
    expect(chooseDemoMode(env)).toEqual({ kind: 'simulated' });
  });

  it('should use the real tenant with the Playground when Graph credentials are set but no bot registration', () => {
    const mode = chooseDemoMode({ GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' });
    expect(mode).toEqual({ kind: 'tenant', playground: true, reasons: ['GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] });
  });

  it('should leave the Playground out when the bot has an app id (Teams reaches it)', () => {
    expect(chooseDemoMode({ MicrosoftAppId: 'app', GRAPH_CLIENT_ID: 'c' })).toMatchObject({ kind: 'tenant', playground: false });
  });

  it('should count managed identity as Graph credentials', () => {
    expect(chooseDemoMode({ GRAPH_AUTH: 'managedIdentity' })).toMatchObject({ kind: 'tenant', reasons: ['GRAPH_AUTH=managedIdentity'] });
  });

  it('should use an already running simulator named by a plain-http GRAPH_BASE_URL', () => {
    expect(chooseDemoMode({ GRAPH_BASE_URL: 'http://127.0.0.1:5051/v1.0' })).toEqual({
      kind: 'externalGraph',
      graphBaseUrl: 'http://127.0.0.1:5051/v1.0',
      playground: true,
    });
  });
});

describe('portFrom', () => {
  it('should read a port or fall back to the default', () => {
    expect(portFrom({ SIM_PORT: '5051' }, 'SIM_PORT', 5050)).toBe(5051);
    expect(portFrom({}, 'SIM_PORT', 5050)).toBe(5050);
    expect(portFrom({ SIM_PORT: ' ' }, 'SIM_PORT', 5050)).toBe(5050);
  });

  it('should name the variable when the value is not a port', () => {
    expect(() => portFrom({ SIM_PORT: 'abc' }, 'SIM_PORT', 5050)).toThrow('SIM_PORT: expected a port number 0–65535 (0 = any free port)');
    expect(() => portFrom({ PORT: '70000' }, 'PORT', 3978)).toThrow(/^PORT:/);
  });
});

describe('playgroundConfigYaml', () => {
  const yaml = playgroundConfigYaml({ tenantId: '00000000-0000-0100-0000-000000000000', user: DEMO_ADMIN });

  it('should name the tenant and the current user with valid GUIDs the bot can allow and approve', () => {
    expect(yaml).toContain('tenantId: "00000000-0000-0100-0000-000000000000"');
    expect(yaml).toMatch(/currentUser:\n {2}id: "user-id-0"\n {2}name: "Alex Wilber"/);
    expect(yaml).toContain(`aadObjectId: "${DEMO_ADMIN.aadObjectId}"`);
    const guids = [...yaml.matchAll(/aadObjectId: "([^"]+)"/g)].map((m) => m[1]);
    expect(guids).toHaveLength(6);
    for (const g of guids) expect(g).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(guids).size).toBe(6);
  });

  it('should list exactly five other users, as the Playground schema requires', () => {
    const users = yaml.slice(yaml.indexOf('\nusers:\n'), yaml.indexOf('\npersonalChat:'));
    expect(users.match(/^ {2}- id: /gm)).toHaveLength(5);
  });

  it('should quote values so names with YAML syntax stay text', () => {
    const odd = playgroundConfigYaml({ tenantId: 't', user: { ...DEMO_ADMIN, name: 'Ops: "night" #1' } });
    expect(odd).toContain('name: "Ops: \\"night\\" #1"');
  });
});
