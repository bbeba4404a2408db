import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Target = { op: '<=' | '>='; value: number };

export interface ScenarioResult {
  scenario: string;
  quick: boolean;
  metrics: Record<string, number>;
  targets: Record<string, Target>;
  pass: boolean;
  notes: string[];
  commit: string;
  node: string;
  cores: number;
  at: string;
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: path.resolve(__dirname, '..'), stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

/** Whether a metric's value meets its target (a missing or non-finite value never does). */
export function meets(value: number | undefined, target: Target): boolean {
  return value !== undefined && Number.isFinite(value) && (target.op === '<=' ? value <= target.value : value >= target.value);
}

/** Checks metrics against targets and writes bench/results/<scenario>.json. */
export function writeResult(
  scenario: string,
  quick: boolean,
  metrics: Record<string, number>,
  targets: Record<string, Target>,
  notes: string[],
): ScenarioResult {
  const pass = Object.entries(targets).every(([k, t]) => meets(metrics[k], t));
  const result: ScenarioResult = {
    scenario,
    quick,
    metrics,
    targets,
    pass,
    notes,
    commit: commit(),
    node: process.version,
    cores: os.cpus().length,
    at: new Date().toISOString(),
  };
  const dir = path.resolve(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${scenario}.json`), JSON.stringify(result, null, 2) + '\n');
  return result;
}

/** A progress line on stderr so the table on stdout stays clean. */
export function progress(scenario: string, text: string): void {
  process.stderr.write(`[${scenario}] ${text}\n`);
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
