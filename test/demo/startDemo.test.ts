import { freePort } from '../../src/common/freePort';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startDemo, type RunningDemo } from '../../src/demo/demo';
import { DEMO_ADMIN } from '../../src/demo/playground';

const root = path.resolve(__dirname, '..', '..');
const fixture = path.join(root, 'fixtures', 'contoso-1000.json');
const contosoTenant = (JSON.parse(fs.readFileSync(fixture, 'utf8')) as { tenant: { id: string } }).tenant.id;
const cleanEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent' });

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

describe('startDemo (npm start) with nothing configured', () => {
  let demo: RunningDemo | undefined;
  let workDir: string;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lmb-demo-'));
    demo = await startDemo({ rootDir: root, env: cleanEnv(), simPort: 0, botPort: 0, playgroundPort: 0, workDir });
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('should start the simulator on contoso-1000, the bot pointed at it and the Playground', async () => {
    const d = demo!;
    expect(d.mode.kind).toBe('simulated');
    const health = (await (await fetch(`${d.sim!.url}/_sim/health`)).json()) as { users: number };
    expect(health.users).toBe(1000);
    expect(d.config.GRAPH_BASE_URL).toBe(d.sim!.graphUrl);
    expect((await fetch(`${d.bot.url}/healthz`)).status).toBe(200);
    const page = await (await fetch(d.playground!.url)).text();
    expect(page).toContain('<title>Microsoft 365 Agents Playground</title>');
  });

  it('should configure the bot for the simulated tenant only: its tenant allowed, the Playground user approves, four-eyes off, memory storage', () => {
    const c = demo!.config;
    expect(c.ALLOWED_TENANT_IDS).toEqual([contosoTenant]);
    expect(c.APPROVER_IDS).toEqual([DEMO_ADMIN.aadObjectId]);
    expect(c.fourEyes).toBe(false);
    expect(c.graphAuth).toBe('none');
    expect(c.STORAGE).toBe('memory:');
  });

  it('should give the Playground the same tenant and user, in a config file it loads', () => {
    const yaml = fs.readFileSync(demo!.playground!.configPath!, 'utf8');
    expect(yaml).toContain(`tenantId: "${contosoTenant}"`);
    expect(yaml).toContain(`aadObjectId: "${DEMO_ADMIN.aadObjectId}"`);
    // Its log goes to the work dir, not ./devTools/ of whatever directory it was started from.
    expect(fs.existsSync(path.join(workDir, 'playground.log'))).toBe(true);
  });

  it('should say where to go', () => {
    const text = demo!.banner.join('\n');
    expect(text).toContain(`Open ${demo!.playground!.url} in your browser`);
    expect(text).toContain('Four-eyes rule: off for this simulated tenant');
    expect(text).toContain('fixtures/contoso-1000.json');
  });

  it('should stop all three on close', async () => {
    const d = demo!;
    demo = undefined;
    await d.close();
    expect(await refused(`${d.sim!.url}/_sim/health`)).toBe(true);
    expect(await refused(`${d.bot.url}/healthz`)).toBe(true);
    expect(await refused(d.playground!.url)).toBe(true);
    expect(d.playground!.process.exitCode !== null || d.playground!.process.signalCode !== null).toBe(true);
  });
});

describe('startDemo failures', () => {
  it('should name a bad port variable and start nothing', async () => {
    await expect(startDemo({ rootDir: root, env: { ...cleanEnv(), SIM_PORT: 'x' } })).rejects.toThrow('SIM_PORT: expected a port number');
  });

  it('should stop the simulator again when the bot cannot start', async () => {
    const simPort = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const botPort = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(
        startDemo({ rootDir: root, env: cleanEnv(), simPort, botPort, playgroundPort: 0, workDir: os.tmpdir() }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(await refused(`http://127.0.0.1:${simPort}/_sim/health`)).toBe(true);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});
