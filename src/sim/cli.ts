import { parseArgs } from 'node:util';
import { FixtureError, startSimulator } from './index';

const usage = 'usage: npm run sim -- --fixture <file.json> [--port <port>] [--host <host>]';

async function main(): Promise<void> {
  let values: { fixture?: string; port?: string; host?: string };
  try {
    ({ values } = parseArgs({
      options: { fixture: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
      strict: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (!values.fixture) {
    console.error(`--fixture is required\n${usage}`);
    process.exit(2);
  }
  const port = values.port === undefined ? 5050 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer between 0 and 65535, got '${values.port}'\n${usage}`);
    process.exit(2);
  }
  try {
    const sim = await startSimulator({ fixture: values.fixture, port, host: values.host ?? '127.0.0.1', quiet: true });
    console.log(`listening on ${sim.url}`);
    const stop = () => {
      sim.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    if (e instanceof FixtureError) console.error(`invalid fixture ${values.fixture}: ${e.message}`);
    else console.error(`cannot start the simulator: ${(e as Error).message}`);
    process.exit(2);
  }
}

void main();
