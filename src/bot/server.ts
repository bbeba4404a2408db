import { randomUUID } from 'node:crypto';
import restify from 'restify';
import type { Activity } from 'botbuilder';
import { errorMessage } from '../common/errorMessage';
import { checkHeaders, InFlightLimit, IntakeError, parseActivity, readBody } from './activityIntake';
import { isAuthenticationFailure, type TeamsAdapter } from './teamsAdapter';
import type { Logger } from '../logger';
import type { LicenseMigrationBot } from './licenseMigrationBot';

/** Requests handled at once; beyond it callers get 503 with Retry-After instead of queueing without bound. */
const MAX_IN_FLIGHT = 64;
/** How long a message turn may hold its HTTP request before the caller is told 202 Accepted. */
const MESSAGE_ANSWER_MS = 3000;

/** The HTTP surface: the Bot Framework endpoint and a health probe. */
export function createHttpServer(adapter: TeamsAdapter, bot: LicenseMigrationBot, logger: Logger): restify.Server {
  const server = restify.createServer({ name: 'license-migration-bot' });
  const inFlight = new InFlightLimit(MAX_IN_FLIGHT);

  // The body is read here (bounded, uncompressed JSON only) and checked before botbuilder or the JWT check sees it.
  server.post('/api/messages', async (req, res) => {
    if (!inFlight.tryEnter()) {
      res.header('Retry-After', '1');
      res.send(503, { code: 'ServerBusy', message: 'Too many requests in flight; retry shortly.' });
      return;
    }
    try {
      checkHeaders(req);
      const activity = parseActivity(await readBody(req));
      const authHeader = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      let invoke: { status: number; body?: unknown } | undefined;
      try {
        const turn = adapter.handleActivity(authHeader, activity as unknown as Activity, (context) => bot.run(context));
        if (activity.type === 'invoke') invoke = await turn;
        else {
          // A message's answer travels through the conversation service, not this response: when sending it
          // takes long (an unreachable serviceUrl is retried for seconds), the caller hears 202 and the turn goes on.
          const slow = Symbol('slow');
          const first = await Promise.race([turn, new Promise<typeof slow>((r) => setTimeout(() => r(slow), MESSAGE_ANSWER_MS).unref())]);
          if (first === slow) {
            turn.catch((err: unknown) =>
              logger.warn({ err: errorMessage(err), activityType: activity.type }, 'activity failed after it was accepted'),
            );
            res.send(202);
            return;
          }
          invoke = first;
        }
      } catch (err) {
        if (isAuthenticationFailure(err)) {
          // One line, no stack and no token: a refused caller is routine, not a crash.
          logger.warn(
            { event: 'authenticationFailed', reason: errorMessage(err).slice(0, 200), ip: req.socket.remoteAddress },
            'request refused: authentication',
          );
          res.send(401, { code: 'Unauthorized', message: 'Authentication failed.' });
          return;
        }
        const correlationId = randomUUID();
        logger.error({ correlationId, err: errorMessage(err), activityType: activity.type }, 'activity failed');
        res.send(500, { code: 'InternalError', message: `Something went wrong; reference ${correlationId}.` });
        return;
      }
      if (invoke?.body !== undefined) res.send(invoke.status, invoke.body);
      else res.send(invoke?.status ?? 200);
    } catch (err) {
      if (!(err instanceof IntakeError)) throw err;
      logger.debug({ status: err.status, code: err.code, reason: err.message }, 'request refused');
      if (!res.headersSent) res.send(err.status, { code: err.code, message: err.message });
    } finally {
      inFlight.leave();
    }
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
