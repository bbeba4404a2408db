// npm run bench [-- --quick] [-- --large] [-- --only <scenario>[,<scenario>…]]: each scenario runs in its own process
// (clean memory figures). --large adds the scenarios at the size of the largest tenants (remove-100k, verify-1m), a
// quarter of an hour each; --quick runs every scenario, those too, at small sizes, so the smoke test covers them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { meets, type ScenarioResult } from './result';

const DEFAULT_SCENARIOS = ['remove-10k', 'remove-profiles', 'throttled', 'verify-100k', 'bot-responsive'];
/** Minutes at full size, so only on request; at --quick sizes they take seconds and run with the rest. */
const LARGE_SCENARIOS = ['remove-100k', 'verify-1m'];
const ALL = [...DEFAULT_SCENARIOS, ...LARGE_SCENARIOS];
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const large = args.includes('--large');
// Several scenarios may be named (comma-separated), so the ones reported side by side run in the same bench.
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',').filter(Boolean) : undefined;
const unknown = only?.length === 0 ? ['(none)'] : (only ?? []).filter((n) => !ALL.includes(n));
if (unknown.length) {
  console.error(`unknown scenario '${unknown.join("', '")}'; one or more (comma-separated) of: ${ALL.join(', ')}`);
  process.exit(2);
}
const SCENARIOS = only ? ALL.filter((n) => only.includes(n)) : quick || large ? ALL : DEFAULT_SCENARIOS;

const tsx = path.resolve(__dirname, '..', 'node_modules', '.bin', 'tsx');
// V8 lets garbage pile up while the heap may still grow, so peak RSS says little about what a run needs.
// verify-100k runs with the heap capped as a small bot container would be; the run must still complete.
const NODE_FLAGS: Record<string, string[]> = { 'verify-100k': ['--max-old-space-size=200'] };
const rows: ScenarioResult[] = [];
let failed = false;
for (const name of SCENARIOS) {
  const file = path.join(__dirname, 'scenarios', `${name}.ts`);
  if (!existsSync(file)) {
    console.error(`[${name}] not implemented`);
    continue;
  }
  const t0 = Date.now();
  process.stderr.write(`[${name}] starting${quick ? ' (quick)' : ''}\n`);
  const r = spawnSync(tsx, ['--expose-gc', ...(NODE_FLAGS[name] ?? []), file, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[${name}] failed with exit code ${r.status}`);
    failed = true;
    continue;
  }
  rows.push(JSON.parse(readFileSync(path.join(__dirname, 'results', `${name}.json`), 'utf8')));
  process.stderr.write(`[${name}] done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

console.log('\nscenario        pass  metric = value (target)');
for (const r of rows) {
  const lines = Object.entries(r.metrics).map(([k, v]) => {
    const t = r.targets[k];
    return `${k} = ${v}${t ? ` (${t.op} ${t.value}: ${meets(v, t) ? 'met' : 'NOT MET'})` : ''}`;
  });
  console.log(`${r.scenario.padEnd(15)} ${r.pass ? 'yes ' : 'NO  '}  ${lines.join('\n                      ')}`);
  for (const n of r.notes) console.log(`                      note: ${n}`);
}
printRemovals(rows);
if (rows[0]) console.log(`\ncommit ${rows[0].commit}, node ${rows[0].node}, ${rows[0].cores} cores${quick ? ', quick sizes' : ''}`);
process.exit(failed ? 1 : 0);

/**
 * The removal scenarios side by side (remove-10k: one product; remove-profiles: two products in one run): the pace,
 * its ratio to the baseline measured in the same scenario, the memory while the batches ran and the license writes
 * each user cost.
 */
function printRemovals(results: ScenarioResult[]): void {
  const removals = results.filter((r) => 'licenseWritesPerUser' in r.metrics);
  if (!removals.length) return;
  const columns = ['users', 'products', 'users/s', 'vs baseline', 'peak RSS MB', 'writes/user', 'baseline writes/user'];
  console.log(`\n${'removal'.padEnd(16)}${columns.map((c) => c.padStart(c.length + 2)).join('')}`);
  for (const r of removals) {
    const m = r.metrics;
    const cells = [
      m.users,
      m.products ?? 1,
      m.engineUsersPerSecond,
      `${m.speedup}x`,
      m.removalPeakRssMb,
      m.licenseWritesPerUser,
      m.baselineLicenseWritesPerUser,
    ];
    const target = r.targets.licenseWritesPerUser;
    const verdict = target
      ? `  (writes/user ${target.op} ${target.value}: ${meets(m.licenseWritesPerUser, target) ? 'met' : 'NOT MET'})`
      : '';
    console.log(`${r.scenario.padEnd(16)}${cells.map((c, i) => String(c).padStart(columns[i].length + 2)).join('')}${verdict}`);
  }
}
