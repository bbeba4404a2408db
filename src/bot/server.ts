import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from '../logger';
import type { LicenseMigrationBot } from './licenseMigrationBot';

/** The HTTP surface: the Bot Framework endpoint and a health probe. */
export function createHttpServer(adapter: CloudAdapter, bot: LicenseMigrationBot, logger: Logger): restify.Server {
  const server = restify.createServer({ name: 'license-migration-bot' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.on('restifyError', (req, _res, err, callback) => {
    logger.warn({ path: req.path(), status: (err as { statusCode?: number }).statusCode }, 'request failed');
    return callback();
  });
  return server;
}
