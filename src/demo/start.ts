/**
 * `npm start`: the one-command local demo. With nothing configured it starts the Graph simulator on
 * fixtures/contoso-1000.json, the bot pointed at it and Microsoft 365 Agents Playground, then says
 * where to go. With Graph or bot credentials in the environment (or `.env`) it runs against the real tenant.
 */
import './quiet';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config';
import { startDemo } from './demo';

const root = path.resolve(__dirname, '..', '..');

function loadDotEnv(): void {
  const file = path.join(root, '.env');
  // process.loadEnvFile (Node ≥ 20.12) never overrides variables already set in the shell.
  const load = (process as unknown as { loadEnvFile?: (p: string) => void }).loadEnvFile;
  if (fs.existsSync(file) && typeof load === 'function') load(file);
}

async function main(): Promise<void> {
  loadDotEnv();
  console.log('Starting the License Migration Bot demo…');
  const demo = await startDemo({
    rootDir: root,
    onPlaygroundOutput: (line) => {
      if (/error|warn/i.test(line)) console.log(`[playground] ${line}`);
    },
  });
  const rule = '─'.repeat(72);
  console.log(`\n${rule}\n${demo.banner.map((l) => `  ${l}`).join('\n')}\n\n  Press Ctrl-C to stop everything.\n${rule}\n`);

  let stopping = 0;
  const stop = (signal: string): void => {
    // tsx relays the terminal's Ctrl-C to this process as well, so one key press can arrive twice.
    if (stopping && Date.now() - stopping > 1000) {
      console.log('Stopping now.');
      process.exit(1);
    }
    if (stopping) return;
    stopping = Date.now();
    console.log(`\n${signal}: stopping ${demo.running}…`);
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('Ctrl-C'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  demo.playground?.process.once('exit', (code) => {
    if (!stopping) console.log(`Agents Playground stopped (code ${code}); the bot keeps running. Press Ctrl-C to stop.`);
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE')
      console.error(
        `Could not start the demo: a port is already in use (${e.message}). Stop the other process, or set SIM_PORT / PORT / PLAYGROUND_PORT.`,
      );
    else console.error(`Could not start the demo: ${e.message}`);
  }
  process.exit(1);
});
