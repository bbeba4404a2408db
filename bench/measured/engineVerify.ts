// The engine's verification of a prepared run, alone in its process (bench/scenarios/verify-1m.ts caps its heap).
// Prints one JSON line: how long engine.verify took and what it found.
import { createLicensingGraph } from '../../src/graph';
import { createMigrationEngine } from '../../src/migration/engine';
import { createStorage } from '../../src/storage';

async function main(): Promise<void> {
  const [graphUrl, storageDir, runId] = process.argv.slice(2);
  const storage = await createStorage(`file:${storageDir}`);
  const graph = createLicensingGraph({ baseUrl: graphUrl, auth: 'none', concurrency: 8 });
  const engine = createMigrationEngine({ graph, runs: storage.runs, journal: storage.journal, pollIntervalMs: 200 });
  const t0 = performance.now();
  const report = await engine.verify(runId, { timeoutMs: 600_000 });
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, summary: report.summary, processingState: report.processingState }) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
