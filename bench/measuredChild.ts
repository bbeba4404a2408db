import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MeasuredRun {
  code: number | null;
  /** From spawn to exit, start-up of npm and tsx included. */
  wallMs: number;
  /** Largest peak RSS of any Node process in the child's tree, in MB; NaN when none reported (killed). */
  peakRssMb: number;
  /** Bytes the child wrote to stdout. */
  stdoutBytes: number;
  /** The first and the last 64 KB of stdout (a report's head and trailer, a child's JSON line). */
  stdoutHead: string;
  stdoutTail: string;
  stderr: string;
}

const TAIL = 64 * 1024;

/**
 * Runs a command with the old space capped at `heapMb`, as a small container would, and measures every Node
 * process it starts (peak RSS through bench/peakRss.mjs). Stdout is counted, not kept, so a report of a million
 * users costs the bench nothing to receive.
 */
export function runMeasured(
  command: string,
  args: string[],
  opts: { heapMb: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<MeasuredRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lmb-rss-'));
  const rssFile = path.join(dir, 'rss.jsonl');
  const preload = path.join(__dirname, 'peakRss.mjs');
  const env = {
    ...process.env,
    ...opts.env,
    NODE_OPTIONS: `--max-old-space-size=${opts.heapMb} --import=${preload}`,
    LMB_PEAK_RSS_FILE: rssFile,
  };
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdoutBytes = 0;
  // Chunks are kept as they come and decoded once at the end: the bench shares the machine with what it measures,
  // and a million-user report is 150 MB through this pipe.
  const head: Buffer[] = [];
  let headBytes = 0;
  const tail: Buffer[] = [];
  let tailBytes = 0;
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdoutBytes += d.length;
    if (headBytes < TAIL) {
      head.push(d);
      headBytes += d.length;
    }
    tail.push(d);
    tailBytes += d.length;
    while (tail.length > 1 && tailBytes - tail[0].length >= TAIL) tailBytes -= tail.shift()!.length;
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-TAIL);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      let peakKb = NaN;
      try {
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n').filter(Boolean);
        peakKb = Math.max(...lines.map((l) => (JSON.parse(l) as { maxRssKb: number }).maxRssKb));
      } catch {
        // No process reported: it was killed before it could.
      }
      rmSync(dir, { recursive: true, force: true });
      const text = (chunks: Buffer[], from: 'start' | 'end') => {
        const all = Buffer.concat(chunks);
        return (from === 'start' ? all.subarray(0, TAIL) : all.subarray(Math.max(0, all.length - TAIL))).toString('utf8');
      };
      resolve({
        code,
        wallMs,
        peakRssMb: peakKb / 1024,
        stdoutBytes,
        stdoutHead: text(head, 'start'),
        stdoutTail: text(tail, 'end'),
        stderr,
      });
    });
  });
}
