/**
 * Runs the shared conformance checks (../shared/conformance/graph-sim.mjs) against the simulator's CLI, exactly as a
 * user would: one fresh `npm run sim`-equivalent process per scenario, then the checker as a separate process.
 */
import { freePort } from '../../src/common/freePort';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';

const repoRoot = path.resolve(__dirname, '..', '..');
const conformanceDir = path.resolve(repoRoot, '..', 'shared', 'conformance');
const checker = path.join(conformanceDir, 'graph-sim.mjs');
const present = fs.existsSync(checker);
if (!present) console.log(`skipped: ${checker} is absent, the shared conformance scenarios were not run`);

const scenarios = present
  ? fs
      .readdirSync(path.join(conformanceDir, 'fixtures'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort()
  : ['c1'];

const STARTUP_MS = 30_000;
const CHECKER_MS = 150_000;

interface RunningSim {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts the simulator CLI and resolves once it prints its `listening on` line. */
function startCli(fixture: string, port: number): Promise<RunningSim> {
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  // Its own process group, so the tsx wrapper and the node process it starts are stopped together.
  const child = spawn(tsx, ['src/sim/cli.ts', '--fixture', fixture, '--port', String(port)], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  let out = '';
  const output = () => out;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`simulator did not print "listening on" within ${STARTUP_MS} ms:\n${out}`)),
      STARTUP_MS,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1].replace(/\/$/, ''), output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with code ${code} before listening:\n${out}`));
    });
  });
}

function stop(sim: RunningSim | undefined): Promise<void> {
  if (!sim || sim.child.exitCode !== null || sim.child.pid === undefined) return Promise.resolve();
  const pid = sim.child.pid;
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 3000);
    sim.child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(force);
      resolve();
    }
  });
}

function runChecker(scenario: string, url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [checker, scenario, url], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const timer = setTimeout(() => {
      output += `\n(killed after ${CHECKER_MS} ms)`;
      child.kill('SIGKILL');
    }, CHECKER_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const d = present ? describe : describe.skip;

d('shared conformance scenarios against `npm run sim`', () => {
  it.each(scenarios)(
    '%s passes every check',
    async (scenario) => {
      // The shared fixtures use the id blocks graph-sim.mjs addresses, so they run exactly as shipped.
      const fixture = path.join(conformanceDir, 'fixtures', `${scenario}.json`);
      const sim = await startCli(fixture, await freePort());
      try {
        const { code, output } = await runChecker(scenario, sim.url);
        const failed = output.split('\n').filter((l) => l.startsWith('FAIL'));
        // The whole checker output is the useful diagnosis, so it goes into the failure message.
        if (code !== 0)
          throw new Error(
            `graph-sim.mjs ${scenario} exited with ${code}; failing checks:\n${failed.join('\n')}\n\nfull output:\n${output}\n\nsimulator output:\n${sim.output()}`,
          );
        expect(failed).toEqual([]);
        expect(output).toMatch(/\b0 failed\b/);
      } finally {
        await stop(sim);
      }
    },
    STARTUP_MS + CHECKER_MS + 10_000,
  );
});
