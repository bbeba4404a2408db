import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeConnector, type FakeConnector } from '../../bench/connector';
import { botProcess, type BotProcess } from '../../scripts/chaos/botProcess';
import { ADMIN, TENANT, teamsChannel } from '../../scripts/chaos/teamsChannel';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { createStorage, type Storage } from '../../src/storage';
import type { JournalEntry, Run } from '../../src/migration/types';
import { ALL_USERS, E3, smallContoso } from '../support/botHarness';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { freePort } from '../../src/common/freePort';

// Two `npm run bot` processes on one Azure Storage account (Azurite): conversation and dialog state, runs and the
// journal all live there, so either instance answers any click, and one takes over what the other was doing.
const CONTAINER = 'migration-runs';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two instances on one storage account', () => {
  let azurite: RunningAzurite | null = null;
  let sim: RunningSimulator;
  let connector: FakeConnector;
  let storage: Storage;
  let work: string;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    azurite = await startAzurite('two-instance tests');
    if (!azurite) return;
    sim = await startSimulator({
      fixture: { ...smallContoso(120), behaviour: { groupProcessingDelayMs: 300, latencyMs: 60 } },
      port: 0,
      quiet: true,
    });
    connector = await startFakeConnector();
    work = mkdtempSync(path.join(os.tmpdir(), 'lmb-two-'));
    const env = {
      GRAPH_BASE_URL: sim.graphUrl,
      STORAGE: `blob:${azurite.connectionString}|${CONTAINER}`,
      ALLOWED_TENANT_IDS: TENANT,
      APPROVER_IDS: ADMIN.aadObjectId,
      FOUR_EYES: 'false',
      CANARY_BATCH_SIZE: '4',
      LEASE_SECONDS: '5',
      SWEEP_SECONDS: '1',
      LOG_LEVEL: 'info',
    };
    for (const name of ['a', 'b']) bots.push(botProcess(await freePort(), env, path.join(work, `bot-${name}.log`)));
    await Promise.all(bots.map((b) => b.start()));
    storage = await createStorage(`blob:${azurite.connectionString}|${CONTAINER}`);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(bots.map((b) => b.stop('SIGKILL')));
    await connector?.close();
    await sim?.close();
    await azurite?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('continues the guided start across instances, takes approvals on either, and survives one being killed mid-batch', async () => {
    if (!azurite) return;
    const [a, b] = bots;
    const teams = teamsChannel(connector);
    const runOf = async (): Promise<Run> => (await storage.runs.list())[0];
    const waitFor = async (what: string, test: () => Promise<boolean>, timeoutMs = 120_000) => {
      const until = Date.now() + timeoutMs;
      while (!(await test())) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await sleep(100);
      }
    };

    // The guided start hops between instances: its dialog state is on the storage account.
    expect((await teams.send(a.endpoint, { type: 'message', text: 'migrate' })).status).toBeLessThan(300);
    expect((await teams.click(b.endpoint, 'migrate.sku', await teams.cardData('migrate.sku'))).status).toBe(200);
    await teams.cardData('migrate.group');
    expect((await teams.click(a.endpoint, 'migrate.group', { skuId: E3, groupId: ALL_USERS, newGroupName: '' })).status).toBe(200);
    const confirm = await teams.cardData('migrate.confirm');
    expect((await teams.click(b.endpoint, 'migrate.confirm', confirm)).status).toBe(200);

    // Approvals alternate between the instances; the last batch is approved on A, which is killed in its middle.
    let alive = [a, b];
    for (let index = 0; ; index++) {
      await waitFor('the next batch or the end', async () => {
        const r = await runOf();
        return (
          !!r && (r.status === 'completed' || r.status === 'paused' || r.batches.some((x) => x.index === index && x.status === 'planned'))
        );
      });
      const run = await runOf();
      const batch = run.batches.find((x) => x.index === index && x.status === 'planned');
      if (!batch) break;
      const last = index === run.batches.length - 1;
      const to = last ? a : alive[index % alive.length];
      const data = await teams.cardData('batch.approve', (d) => d.batchId === batch.id);
      expect((await teams.click(to.endpoint, 'batch.approve', data)).status).toBe(200);
      if (last) {
        await waitFor('the first removal of the last batch', async () =>
          (await storage.journal.read(run.id)).some((e) => e.batchId === batch.id && e.kind === 'license.removed'),
        );
        await a.stop('SIGKILL');
        alive = [b];
      }
      await waitFor(`batch ${index + 1}`, async () => {
        const r = await runOf();
        const x = r.batches.find((y) => y.id === batch.id)!;
        return x.status === 'done' || x.status === 'failed' || r.status === 'paused';
      });
    }

    const run = await runOf();
    expect(run.status).toBe('completed');
    const journal: JournalEntry[] = await storage.journal.read(run.id);
    // No record lost or duplicated: sequence numbers run 1..n without a gap.
    expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
    for (const x of run.batches) {
      const starts = journal.filter((e) => e.kind === 'batch.started' && e.batchId === x.id);
      expect(starts.filter((e) => !e.detail?.resumedFrom)).toHaveLength(1);
    }
    const last = run.batches[run.batches.length - 1];
    expect(journal.filter((e) => e.kind === 'batch.started' && e.batchId === last.id && e.detail?.resumedFrom)).toHaveLength(1);
    const removed = journal.filter((e) => e.kind === 'license.removed').map((e) => e.userId);
    expect(new Set(removed).size).toBe(removed.length);
    expect(removed).toHaveLength(120);
    const { violations } = (await (await fetch(`${sim.url}/_sim/invariants`)).json()) as { violations: unknown[] };
    expect(violations).toEqual([]);
    expect(connector.ops.some((o) => /continues after a restart/.test(JSON.stringify(o.activity)))).toBe(true);
  }, 300_000);
});

describe('the container for conversation state', () => {
  it('sits beside the runs container and is a valid Azure container name whatever the runs container is called', async () => {
    const { botStateContainer } = await import('../../src/index');
    expect(botStateContainer('migration-runs')).toBe('migration-runs-bot-state');
    for (const runs of ['abc', 'a'.repeat(63), `${'a'.repeat(52)}-bcdefghij`]) {
      const name = botStateContainer(runs);
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    }
  });
});
