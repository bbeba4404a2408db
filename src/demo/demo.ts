import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { startBot, type RunningBot } from '../index';
import { createLogger, type Logger } from '../logger';
import { startSimulator, type Behaviour, type RunningSimulator } from '../sim';
import { chooseDemoMode, portFrom, type DemoMode } from './mode';
import { DEMO_ADMIN, startPlayground, type PlaygroundIdentity, type RunningPlayground } from './playground';

export const DEFAULT_FIXTURE = 'fixtures/contoso-1000.json';
export const DEFAULT_SIM_PORT = 5050;
export const DEFAULT_PLAYGROUND_PORT = 56150;

export interface DemoOptions {
  /** The environment to read (default process.env); never modified. */
  env?: NodeJS.ProcessEnv;
  /** Repository root: fixtures and `.data/demo` are found from here. */
  rootDir?: string;
  fixture?: string;
  /** Ports; 0 picks a free one. Defaults: SIM_PORT/5050, PORT/3978, PLAYGROUND_PORT/56150. */
  simPort?: number;
  botPort?: number;
  playgroundPort?: number;
  /** Simulator behaviour overrides (tests shorten group processing). */
  simBehaviour?: Partial<Behaviour>;
  /** Engine timings (tests poll faster). */
  engineOptions?: { pollIntervalMs?: number; verifyTimeoutMs?: number };
  /** Where the Playground's config and log go (default <root>/.data/demo). */
  workDir?: string;
  logger?: Logger;
  onPlaygroundOutput?: (line: string) => void;
  /**
   * Tests only: something to put between the Playground and the bot (the end-to-end test's locale proxy, because
   * the Playground fixes `activity.locale` to en-US). Gets the bot's endpoint and returns the one the Playground is
   * pointed at; closed with the demo. `npm start` does not set it.
   */
  interposeOnBotEndpoint?: (botEndpoint: string) => Promise<{ endpoint: string; close(): Promise<void> }>;
}

export interface RunningDemo {
  mode: DemoMode;
  config: Config;
  sim?: RunningSimulator;
  bot: RunningBot;
  playground?: RunningPlayground;
  /** The identity the Playground sends (simulated and external-Graph modes). */
  identity?: PlaygroundIdentity;
  /** Lines for the person who started it: where to go and what is running. */
  banner: string[];
  /** What close() stops, in words ("the Playground, the bot and the simulator"). */
  running: string;
  close(): Promise<void>;
}

function tenantIdOf(fixturePath: string): string {
  try {
    const parsed = JSON.parse(fs.readFileSync(fixturePath, 'utf8')) as { tenant?: { id?: unknown } };
    if (typeof parsed.tenant?.id === 'string') return parsed.tenant.id;
  } catch {
    // The simulator reports a bad fixture with a precise message when it loads it.
  }
  return '00000000-0000-4000-8000-000000000000';
}

const has = (env: NodeJS.ProcessEnv, k: string): boolean => (env[k] ?? '').trim() !== '';

/**
 * Starts the local demo: (simulator →) bot → Agents Playground, in the shape `chooseDemoMode` picks.
 * Whatever started is shut down again if a later part fails.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const env = options.env ?? process.env;
  const root = options.rootDir ?? process.cwd();
  const mode = chooseDemoMode(env);
  // The simulated demo keeps the console for the banner: only errors unless LOG_LEVEL asks for more
  // (the Playground's connectivity probe, a GET on /api/messages, is otherwise logged as a warning).
  const log = options.logger ?? createLogger(env.LOG_LEVEL || (mode.kind === 'simulated' ? 'error' : 'warn'));
  const workDir = options.workDir ?? path.join(root, '.data', 'demo');
  const stops: Array<() => Promise<void>> = [];
  const closeAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };

  try {
    const botEnv: NodeJS.ProcessEnv = { ...env };
    let sim: RunningSimulator | undefined;
    let identity: PlaygroundIdentity | undefined;

    if (mode.kind === 'simulated') {
      const fixture = path.resolve(root, options.fixture ?? env.DEMO_FIXTURE ?? DEFAULT_FIXTURE);
      sim = await startSimulator({
        fixture,
        port: options.simPort ?? portFrom(env, 'SIM_PORT', DEFAULT_SIM_PORT),
        behaviour: options.simBehaviour,
        quiet: true,
      });
      stops.push(() => sim!.close());
      identity = { tenantId: tenantIdOf(fixture), user: DEMO_ADMIN };
      Object.assign(botEnv, {
        GRAPH_BASE_URL: sim.graphUrl,
        GRAPH_AUTH: 'none',
        // A fresh simulated tenant each start, so no run of an earlier start may resume against it.
        STORAGE: 'memory:',
      });
      // The simulated tenant is the only one allowed, and the Playground user is its approver.
      if (!has(env, 'ALLOWED_TENANT_IDS')) botEnv.ALLOWED_TENANT_IDS = identity.tenantId;
      if (!has(env, 'APPROVER_IDS') && !has(env, 'APPROVER_GROUP_ID')) botEnv.APPROVER_IDS = DEMO_ADMIN.aadObjectId;
    } else if (mode.kind === 'externalGraph') {
      botEnv.GRAPH_AUTH = 'none';
      if (!has(env, 'STORAGE')) botEnv.STORAGE = 'memory:';
    }

    const config = loadConfig(botEnv);
    const bot = await startBot({
      config,
      logger: log,
      port: options.botPort ?? config.PORT,
      // The demo is for this machine only; `npm run bot` listens on HOST.
      host: '127.0.0.1',
      engineOptions: options.engineOptions,
    });
    stops.push(() => bot.close());
    const endpoint = `${bot.url}/api/messages`;

    let playground: RunningPlayground | undefined;
    const wantsPlayground = mode.kind !== 'tenant' || mode.playground;
    if (wantsPlayground) {
      if (mode.kind === 'tenant' && config.GRAPH_TENANT_ID) {
        // Against a real tenant the Playground speaks for the first named approver of that tenant.
        identity = {
          tenantId: config.GRAPH_TENANT_ID,
          user: { ...DEMO_ADMIN, aadObjectId: config.APPROVER_IDS[0] ?? DEMO_ADMIN.aadObjectId, userPrincipalName: 'admin@tenant' },
        };
      } else if (mode.kind === 'externalGraph') {
        identity = {
          tenantId: config.ALLOWED_TENANT_IDS[0] ?? '00000000-0000-4000-8000-000000000000',
          user: { ...DEMO_ADMIN, aadObjectId: config.APPROVER_IDS[0] ?? DEMO_ADMIN.aadObjectId },
        };
      }
      let playgroundEndpoint = endpoint;
      if (options.interposeOnBotEndpoint) {
        const between = await options.interposeOnBotEndpoint(endpoint);
        stops.push(() => between.close());
        playgroundEndpoint = between.endpoint;
      }
      playground = await startPlayground({
        botEndpoint: playgroundEndpoint,
        port: options.playgroundPort ?? portFrom(env, 'PLAYGROUND_PORT', DEFAULT_PLAYGROUND_PORT),
        identity,
        workDir,
        env,
        onOutput: options.onPlaygroundOutput,
      });
      stops.push(() => playground!.close());
    }

    const banner: string[] = [];
    if (sim)
      banner.push(
        `Simulated tenant (Graph simulator): ${sim.graphUrl} — fixture ${path.relative(root, path.resolve(root, options.fixture ?? env.DEMO_FIXTURE ?? DEFAULT_FIXTURE))}`,
      );
    else if (mode.kind === 'externalGraph') banner.push(`Graph: ${mode.graphBaseUrl} (a simulator you started)`);
    else if (mode.kind === 'tenant') banner.push(`Graph: ${config.GRAPH_BASE_URL} (real tenant; configured by ${mode.reasons.join(', ')})`);
    banner.push(`Bot: ${endpoint}${config.MicrosoftAppId ? '' : ' (local mode, no Bot Framework authentication)'}`);
    banner.push(
      `Four-eyes rule: ${config.fourEyes ? 'on (the requester of a run cannot approve its batches alone)' : 'off for this simulated tenant (one person can approve)'}`,
    );
    if (playground) {
      banner.push('');
      banner.push(`Open ${playground.url} in your browser (Microsoft 365 Agents Playground, Teams channel).`);
      banner.push(
        `You are ${identity?.user.name ?? 'the Playground user'}${identity ? ` (object id ${identity.user.aadObjectId}, tenant ${identity.tenantId})` : ''}.`,
      );
      if (mode.kind === 'tenant' && config.APPROVER_IDS[0])
        banner.push(
          '(The Playground speaks as the first of APPROVER_IDS; set M365_AGENTS_PLAYGROUND_CONFIG_PATH to use your own identity file.)',
        );
      banner.push(
        `Type \`help\`, or \`migrate\` to move ${sim ? 'Office 365 E3 (1,000 users)' : 'a license'} to group-based licensing. In a channel, @mention the bot first.`,
      );
    } else {
      banner.push('');
      banner.push(
        'Teams reaches the bot through your Azure Bot registration (MicrosoftAppId); expose the endpoint above to it (e.g. a dev tunnel).',
      );
    }

    const parts = [playground && 'the Playground', 'the bot', sim && 'the simulator'].filter(Boolean) as string[];
    const what = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
    return { mode, config, sim, bot, playground, identity, banner, running: what, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
