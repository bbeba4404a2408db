import { loadConfig } from '../../src/config';
import { startBot, type RunningBot } from '../../src/index';
import { createLogger, type Logger } from '../../src/logger';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { ALICE, smallContoso, TENANT } from './botHarness';
import { startFakeConnector } from './fakeConnector';

export interface HttpBot {
  sim: RunningSimulator;
  bot: RunningBot;
  connector: Awaited<ReturnType<typeof startFakeConnector>>;
  close(): Promise<void>;
}

/**
 * The bot as `npm run bot` runs it (real HTTP, configured from the environment) against a simulated tenant, with a
 * stand-in Bot Connector for its replies. `env` adds to or overrides the defaults (memory storage, Contoso tenant
 * allowed, Alice the approver).
 */
export async function startHttpBot(
  opts: { users?: number; env?: Record<string, string>; logger?: Logger; pollIntervalMs?: number } = {},
): Promise<HttpBot> {
  const sim = await startSimulator({ fixture: smallContoso(opts.users ?? 3), port: 0, quiet: true });
  const connector = await startFakeConnector();
  const config = loadConfig({
    GRAPH_BASE_URL: sim.graphUrl,
    STORAGE: 'memory:',
    ALLOWED_TENANT_IDS: TENANT,
    APPROVER_IDS: ALICE.aadObjectId,
    ...opts.env,
  });
  const bot = await startBot({
    config,
    port: 0,
    host: '127.0.0.1',
    logger: opts.logger ?? createLogger('silent'),
    ...(opts.pollIntervalMs ? { engineOptions: { pollIntervalMs: opts.pollIntervalMs } } : {}),
  });
  return {
    sim,
    bot,
    connector,
    async close() {
      await bot.close();
      await connector.close();
      await sim.close();
    },
  };
}
