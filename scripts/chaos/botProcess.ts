// The bot as production runs it: its own process (`npm run bot`), configured by environment, on file storage that
// outlives it. The chaos suite kills it for real (SIGKILL: no handler runs) and starts it again at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

export interface BotProcess {
  readonly endpoint: string;
  /** Starts the process and resolves once /healthz answers; `at` is when it was spawned (performance.now()). */
  start(): Promise<{ at: number }>;
  /** Kills the process with the signal and resolves once it has exited. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  readonly running: boolean;
}

/** A bot process on a fixed port (so Teams' endpoint stays the same across restarts), logging to `logFile`. */
export function botProcess(port: number, env: Record<string, string>, logFile: string): BotProcess {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let log: WriteStream | null = null;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    get running() {
      return child !== null;
    },
    async start() {
      log ??= createWriteStream(logFile, { flags: 'a' });
      const at = performance.now();
      // `node --import tsx` is what `npm run bot` runs, minus npm and tsx's own wrapper process, so the signal
      // reaches the bot itself and not a parent that would leave it running.
      const proc = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
        cwd: REPO,
        env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      proc.stdout!.pipe(log, { end: false });
      proc.stderr!.pipe(log, { end: false });
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      void exited.then(() => {
        if (child === proc) child = null;
      });
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child !== proc) throw new Error(`the bot exited during start-up; see ${logFile}, which ends:\n${logTail(logFile)}`);
        const ok = await fetch(`${endpoint}/healthz`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) return { at };
        if (Date.now() > deadline)
          throw new Error(`the bot did not answer /healthz within 60 s; see ${logFile}, which ends:\n${logTail(logFile)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop(signal) {
      if (!child) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** The log's last lines, for the error itself: the suite's work folder (and the log in it) is removed after a run. */
function logTail(logFile: string, lines = 15): string {
  if (!existsSync(logFile)) return '(no log)';
  return readFileSync(logFile, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((l) => `  | ${l.slice(0, 400)}`)
    .join('\n');
}
