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

  // The Agents Playground (and some load balancers) probe the endpoint without POST when they
  // connect; that is routine, so it is answered plainly and logged at debug, not as a failure.
  const probe: restify.RequestHandler = (req, res, next) => {
    logger.debug({ method: req.method, path: req.path() }, 'endpoint probe');
    res.header('Allow', 'POST, OPTIONS');
    if (req.method === 'OPTIONS') res.send(204);
    else res.send(405, { code: 'MethodNotAllowed', message: 'Send Bot Framework activities with POST.' });
    return next();
  };
  server.get('/api/messages', probe);
  server.head('/api/messages', probe);
  server.opts('/api/messages', probe);

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
