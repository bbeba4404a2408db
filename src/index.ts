import path from 'node:path';
import { ConfigurationBotFrameworkAuthentication, MemoryStorage, type Storage as BotStorage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { TeamsAdapter } from './bot/teamsAdapter';
import type restify from 'restify';
import { ConfigError, loadConfig, rulesInForce, type Config } from './config';
import { componentOptions, type EngineTuning } from './components';
import { createLicensingGraph } from './graph';
import type { LicensingGraph } from './graph/licensingGraph';
import { createMigrationEngine } from './migration';
import type { MigrationEngine } from './migration/engine';
import { createStorage, type Storage } from './storage';
import { createBot } from './bot/createBot';
import { FileStorage } from './bot/fileStorage';
import { LicenseMigrationBot } from './bot/licenseMigrationBot';
import { AdapterNotifier, type Notifier } from './bot/notifier';
import { createHttpServer } from './bot/server';
import type { BotServices } from './bot/services';
import { createLogger, logger as defaultLogger, type Logger } from './logger';
import { errorMessage } from './common/errorMessage';

export interface StartBotOptions {
  config: Config;
  /** Overrides for tests and the demo; built from the configuration otherwise. */
  graph?: LicensingGraph;
  engine?: MigrationEngine;
  storage?: Storage;
  botStorage?: BotStorage;
  notifier?: Notifier;
  logger?: Logger;
  /** 0 picks a free port; default config.PORT. */
  port?: number;
  host?: string;
  /** Engine settings the demo and tests shorten. */
  engineOptions?: EngineTuning;
}

export interface RunningBot {
  url: string;
  port: number;
  server: restify.Server;
  adapter: TeamsAdapter;
  bot: LicenseMigrationBot;
  services: BotServices;
  /** Waits for running work to finish, then stops. */
  close(): Promise<void>;
  /**
   * A graceful stop (SIGTERM): no new requests, running work finishes its current chunk and hands its lease back
   * so the next instance continues at once.
   */
  handBack(): Promise<void>;
}

/**
 * Where the bot keeps conversation and dialog state: next to the runs, so a second instance (or the next process)
 * continues a guided start where the first left it. On Azure Blob it is a container of its own on the same account.
 */
function conversationStorage(spec: Storage['spec']): BotStorage {
  if (spec.kind === 'file') return new FileStorage(path.join(spec.dir, 'bot-state'));
  if (spec.kind === 'blob') return new BlobsStorage(spec.connectionString, botStateContainer(spec.container));
  return new MemoryStorage();
}

/** The container for conversation state beside the runs' container (Azure names: at most 63 characters). */
export function botStateContainer(runsContainer: string): string {
  return `${runsContainer.slice(0, 63 - '-bot-state'.length).replace(/-+$/, '')}-bot-state`;
}

/** Everything but the HTTP listener: adapter, stores, engine, bot. */
export async function createApp(options: Omit<StartBotOptions, 'port' | 'host'>) {
  const { config } = options;
  const log = options.logger ?? defaultLogger;
  const storage = options.storage ?? (await createStorage(config.STORAGE, { logger: log }));
  const components = componentOptions(config, options.engineOptions);
  const graph = options.graph ?? createLicensingGraph({ ...components.graph, logger: log });
  const engine =
    options.engine ?? createMigrationEngine({ ...components.engine, graph, runs: storage.runs, journal: storage.journal, logger: log });
  const botStorage = options.botStorage ?? conversationStorage(storage.spec);

  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    MicrosoftAppType: config.MicrosoftAppType || undefined,
  });
  const adapter = new TeamsAdapter(auth);
  const notifier = options.notifier ?? new AdapterNotifier(adapter, config.MicrosoftAppId, { logger: log });
  const { bot, services } = createBot({
    engine,
    graph,
    journal: storage.journal,
    storage: botStorage,
    notifier,
    logger: log,
    policy: components.policy,
    settings: components.settings,
  });
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error.message, activityType: context.activity.type }, 'unhandled error in a turn');
    if (context.activity.type === 'message')
      await context
        .sendActivity('Sorry, something went wrong on my side; nothing was changed. Try again, or type `status`.')
        .catch(() => undefined);
  };
  return { adapter, bot, services, storage };
}

/** Starts the bot's HTTP server; used by `npm run bot`, the demo (`npm start`) and tests. */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const log = options.logger ?? defaultLogger;
  const { adapter, bot, services } = await createApp({ ...options, logger: log });
  const server = createHttpServer(adapter, bot, log);
  const port = options.port ?? options.config.PORT;
  const host = options.host ?? options.config.HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as { port: number };
  // Bound to every interface, the bot is reached on this machine through loopback.
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${address.port}`;
  log.info({ host, port: address.port, endpoint: `${url}/api/messages`, localMode: !options.config.MicrosoftAppId }, 'bot listening');
  // Work a stopped process left (a batch, a preparation, an approved batch) continues here or in another instance.
  bot.runner.startSweeping(services.settings.sweepIntervalMs ?? 10_000);
  // Completed runs are checked for drift on a schedule; every instance looks, one posts each card.
  bot.runner.drift.start(services.settings.driftCheckIntervalMs);
  return {
    url,
    port: address.port,
    server,
    adapter,
    bot,
    services,
    async close() {
      bot.runner.stopSweeping();
      await bot.runner.drift.stop();
      await bot.runner.whenIdle().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async handBack() {
      bot.runner.stopSweeping();
      const driftStopped = bot.runner.drift.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await services.engine.handBack();
      await driftStopped;
      await bot.runner.whenIdle().catch(() => undefined);
      await closed;
    },
  };
}

const STOP_GRACE_MS = 25_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const running = await startBot({ config, logger: log });
  console.log(
    `License Migration Bot listening on ${running.url}/api/messages${config.MicrosoftAppId ? '' : ' (local mode: no Bot Framework authentication)'}`,
  );
  for (const rule of rulesInForce(config)) console.log(`  ${rule}`);
  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping: running work hands its lease back');
    // A platform gives a stopping container some seconds (App Service, Kubernetes: 30 s); past that, exit anyway.
    const deadline = setTimeout(() => process.exit(0), STOP_GRACE_MS);
    deadline.unref();
    await running.handBack().catch((err: unknown) => log.error({ err: errorMessage(err) }, 'graceful stop failed'));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`License Migration Bot failed to start: ${errorMessage(err)}`);
    process.exit(1);
  });
}
