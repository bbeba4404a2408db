// npm run chaos [-- --users 10000] [--profile] [--lease 30] [--sweep 10] [--keep]: the chaos suite through the real bot
// process; --profile moves two products (E3 + EMS) in one run of their license profile.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { runChaos } from './suite';

function numberArg(args: string[], name: string, fallback?: number): number | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 1) {
    console.error(`--${name} needs a whole number, got "${args[i + 1] ?? ''}".`);
    process.exit(2);
  }
  return v;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valued = new Set(['--users', '--lease', '--sweep']);
  const known = new Set([...valued, '--keep', '--profile']);
  const unknown = args.filter((a, i) => a.startsWith('--') && !known.has(a) && !(i > 0 && valued.has(args[i - 1])));
  if (unknown.length) {
    console.error(`Unknown option ${unknown[0]}. Use --users N, --profile, --lease SECONDS, --sweep SECONDS, --keep.`);
    process.exit(2);
  }
  const users = numberArg(args, 'users', 1000)!;
  const report = await runChaos({
    users,
    profile: args.includes('--profile'),
    leaseSeconds: numberArg(args, 'lease'),
    sweepSeconds: numberArg(args, 'sweep'),
    keep: args.includes('--keep'),
    progress: (line) => console.log(`[chaos] ${line}`),
  });
  const dir = path.resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `chaos-${args.includes('--profile') ? 'profile-' : ''}${users}.json`);
  writeFileSync(file, JSON.stringify({ ...report, at: new Date().toISOString() }, null, 2));
  console.log(JSON.stringify(report, null, 2));
  console.log(report.problems.length === 0 ? `chaos suite passed (${file})` : `chaos suite FAILED: ${report.problems.length} problem(s)`);
  process.exit(report.problems.length === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(`The chaos suite could not run: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
