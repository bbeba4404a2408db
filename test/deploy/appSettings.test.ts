/** (a) What the Bicep, the toolkit yml/env files and the Dockerfile hand to the app is configuration src/config.ts accepts. */
import { ConfigError, configSchema, loadConfig } from '../../src/config';
import { parseStorageSpec } from '../../src/storage/storageSpec';
import { read, readAgentsYaml, readBicep, readEnvFile } from './deployFiles';

const CLIENT_ID = '0b5f6c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2f';
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APPROVERS = '11111111-2222-4333-8444-555555555555,66666666-7777-4888-9999-000000000000';

/** App Service build settings, read by the platform's build (Oryx), not by the bot. */
const PLATFORM_SETTINGS = ['SCM_DO_BUILD_DURING_DEPLOYMENT', 'PRUNE_DEV_DEPENDENCIES'];
/** Read by the demo (`npm start`, src/demo) on top of the bot's configuration. */
const DEMO_SETTINGS = ['SIM_PORT', 'PLAYGROUND_PORT', 'DEMO_FIXTURE'];
const configNames = Object.keys(configSchema.shape);

/** Representative values of the Bicep expressions that are not literals, as Azure resolves them. */
const EXPRESSIONS: Record<string, string> = {
  'identity.properties.clientId': CLIENT_ID,
  'identity.properties.tenantId': TENANT_ID,
  'storage.name': 'lmbq3x7k2m9p4r6s',
  'storage.listKeys().keys[0].value': 'c2VjcmV0LWtleS1vZi10aGUtYWNjb3VudA==',
  'environment().suffixes.storage': 'core.windows.net',
  // allowedTenantIds left empty (the default): the identity's own tenant.
  'empty(allowedTenantIds) ? identity.properties.tenantId : allowedTenantIds': TENANT_ID,
};

/** Parameter values as env/.env.dev hands them (approvers filled in, as README's steps require). */
function appSettingsEnv(params: Record<string, string> = { approverIds: APPROVERS }): Record<string, string> {
  const bicep = readBicep();
  const resolve = (expr: string, depth = 0): string => {
    if (depth > 5) throw new Error(`expression nests too deep: ${expr}`);
    if (/^'[^']*'$/.test(expr)) return expr.slice(1, -1).replace(/\$\{([^}]+)\}/g, (_m, inner: string) => resolve(inner.trim(), depth + 1));
    if (expr in EXPRESSIONS) return EXPRESSIONS[expr];
    if (expr in params) return params[expr];
    const param = bicep.params.get(expr);
    if (param?.defaultExpr !== undefined) return resolve(param.defaultExpr, depth + 1);
    const v = bicep.vars.get(expr);
    if (v !== undefined) return resolve(v, depth + 1);
    throw new Error(`no representative value for the Bicep expression ${expr}`);
  };
  return Object.fromEntries(bicep.appSettings.map((s) => [s.name, resolve(s.value)]));
}

describe('App Service settings (infra/azure.bicep)', () => {
  it('should only hand the app variables src/config.ts reads (besides the named platform build settings)', () => {
    const names = readBicep().appSettings.map((s) => s.name);
    expect(names.filter((n) => !configNames.includes(n) && !PLATFORM_SETTINGS.includes(n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('should make a configuration loadConfig accepts: managed identity for the bot and Graph, blob storage, four eyes', () => {
    const config = loadConfig(appSettingsEnv());
    expect(config.MicrosoftAppType).toBe('UserAssignedMSI');
    expect(config.MicrosoftAppId).toBe(CLIENT_ID);
    expect(config.MicrosoftAppPassword).toBe('');
    expect(config.graphAuth).toBe('managedIdentity');
    expect(config.GRAPH_MANAGED_IDENTITY_CLIENT_ID).toBe(CLIENT_ID);
    expect(config.GRAPH_TENANT_ID).toBe(TENANT_ID);
    expect(config.graphSimulated).toBe(false);
    expect(config.ALLOWED_TENANT_IDS).toEqual([TENANT_ID]);
    expect(config.APPROVER_IDS).toHaveLength(2);
    expect(config.fourEyes).toBe(true);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.LOG_LEVEL).toBe('info');
    const storage = parseStorageSpec(config.STORAGE);
    expect(storage).toMatchObject({ kind: 'blob', container: 'migration-runs' });
  });

  it('should leave PORT to App Service, which sets it for the Node runtime', () => {
    expect(Object.keys(appSettingsEnv())).not.toContain('PORT');
  });

  it('should accept an approver group instead of approver ids', () => {
    const config = loadConfig(appSettingsEnv({ approverIds: '', approverGroupId: '99999999-8888-4777-a666-555555555555' }));
    expect(config.APPROVER_IDS).toEqual([]);
    expect(config.APPROVER_GROUP_ID).toBe('99999999-8888-4777-a666-555555555555');
  });

  it('should refuse to start without approvers, naming APPROVER_IDS (the README step is required)', () => {
    expect(() => loadConfig(appSettingsEnv({ approverIds: '' }))).toThrow(ConfigError);
    expect(() => loadConfig(appSettingsEnv({ approverIds: '' }))).toThrow(/APPROVER_IDS: expected the object ids of the approvers/);
  });

  it('should only allow log levels the bot accepts', () => {
    const allowed = readBicep().params.get('logLevel')?.allowed ?? [];
    expect(allowed.length).toBeGreaterThan(0);
    for (const level of allowed) expect(configSchema.shape.LOG_LEVEL.safeParse(level).success).toBe(true);
    expect(configSchema.shape.LOG_LEVEL.safeParse(readEnvFile('env/.env.dev').get('LOG_LEVEL')).success).toBe(true);
  });
});

describe('settings of the local run and the container', () => {
  it('should write only bot or demo variables to .localConfigs (m365agents.local.yml)', () => {
    const steps = readAgentsYaml('m365agents.local.yml').deploy ?? [];
    const writes = steps.filter((s) => s.uses === 'file/createOrUpdateEnvironmentFile');
    expect(writes).toHaveLength(1);
    const envs = writes[0].with?.envs as Record<string, string>;
    const names = Object.keys(envs);
    expect(names.filter((n) => !configNames.includes(n) && !DEMO_SETTINGS.includes(n))).toEqual([]);
    // The demo really reads its extra variables.
    const demo = read('src/demo/demo.ts');
    for (const n of names.filter((x) => DEMO_SETTINGS.includes(x))) expect(demo).toMatch(new RegExp(`\\b${n}\\b`));
    const local = readEnvFile('env/.env.local');
    expect(configSchema.shape.PORT.safeParse(local.get('PORT')).success).toBe(true);
  });

  it("should set only the bot's variables (and NODE_ENV) in the Dockerfile, with values it accepts", () => {
    const env = Object.fromEntries([...read('Dockerfile').matchAll(/^ENV (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
    const names = Object.keys(env).filter((n) => n !== 'NODE_ENV');
    expect(names.sort()).toEqual(['HOST', 'PORT', 'STORAGE']);
    for (const n of names) expect(configNames).toContain(n);
    // The container with the identity settings of the Bicep on top (as Azure Container Apps would hand them).
    const config = loadConfig({ ...appSettingsEnv(), ...env });
    expect([config.HOST, config.PORT, config.STORAGE]).toEqual(['0.0.0.0', 3978, 'file:/data']);
    expect(parseStorageSpec(env.STORAGE)).toEqual({ kind: 'file', dir: '/data' });
  });
});
