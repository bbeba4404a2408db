// Runs the tenant simulator in its own process so its CPU and memory never count against the engine being measured.
import { startSimulator } from '../src/sim';

async function main(): Promise<void> {
  const [fixture, behaviourJson] = process.argv.slice(2);
  const sim = await startSimulator({ fixture, port: 0, quiet: true, behaviour: behaviourJson ? JSON.parse(behaviourJson) : {} });
  process.stdout.write(`listening on ${sim.url}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent holds our stdin open; when it dies without stopping us, the pipe closes and we go too.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
