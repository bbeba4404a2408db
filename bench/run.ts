// npm run bench [-- --quick] [-- --large] [-- --only <scenario>]: each scenario runs in its own process (clean
// memory figures). --large adds the scenarios at the size of the largest tenants (remove-100k, verify-1m), a
// quarter of an hour each; --quick runs every scenario, those too, at small sizes, so the smoke test covers them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioResult } from './result';

const DEFAULT_SCENARIOS = ['remove-10k', 'throttled', 'verify-100k', 'bot-responsive'];
/** Minutes at full size, so only on request; at --quick sizes they take seconds and run with the rest. */
const LARGE_SCENARIOS = ['remove-100k', 'verify-1m'];
const ALL = [...DEFAULT_SCENARIOS, ...LARGE_SCENARIOS];
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const large = args.includes('--large');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (only && !ALL.includes(only)) {
  console.error(`unknown scenario '${only}'; one of: ${ALL.join(', ')}`);
  process.exit(2);
}
const SCENARIOS = only ? [only] : quick || large ? ALL : DEFAULT_SCENARIOS;

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
    return `${k} = ${v}${t ? ` (${t.op} ${t.value})` : ''}`;
  });
  console.log(`${r.scenario.padEnd(15)} ${r.pass ? 'yes ' : 'NO  '}  ${lines.join('\n                      ')}`);
  for (const n of r.notes) console.log(`                      note: ${n}`);
}
if (rows[0]) console.log(`\ncommit ${rows[0].commit}, node ${rows[0].node}, ${rows[0].cores} cores${quick ? ', quick sizes' : ''}`);
process.exit(failed ? 1 : 0);
