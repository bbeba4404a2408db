import type { LicensingGraph } from '../../src/graph/licensingGraph';
import type { GraphFailure, ItemResult, UserLicenses } from '../../src/graph/types';
import { MigrationService } from '../../src/migration/engine';
import { APPROVER, contoso, directOf, preparedAndVerified, startHarness, type Harness } from '../support/engineHarness';
import { CONTOSO_ALL_USERS as ALL_USERS } from '../support/constants';
import { usersOf } from '../support/runState';

const TIMEOUT: GraphFailure = { kind: 'timeout', status: 0, code: 'GraphNetworkError', message: 'no response within 30000 ms' };

/**
 * The real client over HTTP, except that the first removal call loses its answer: either after the simulator
 * applied it (the response was dropped) or before it reached the simulator (the request was lost).
 */
function losingFirstRemoval(graph: LicensingGraph, applied: boolean): { graph: LicensingGraph; removalCalls: string[][] } {
  const removalCalls: string[][] = [];
  let lost = false;
  const wrapped = Object.create(graph) as LicensingGraph;
  wrapped.removeDirectLicenses = async (items: { userId: string; skuIds: string[] }[]): Promise<ItemResult<UserLicenses | null>[]> => {
    removalCalls.push(items.map((i) => i.userId));
    if (!lost) {
      lost = true;
      if (applied) await graph.removeDirectLicenses(items);
      return items.map((i) => ({ id: i.userId, ok: false, failure: TIMEOUT }));
    }
    return graph.removeDirectLicenses(items);
  };
  return { graph: wrapped, removalCalls };
}

describe('a removal whose answer is lost', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(contoso(10));
  });
  afterEach(() => h.close());

  async function runWith(applied: boolean) {
    const run = await preparedAndVerified(h, { id: ALL_USERS });
    const b = (await h.engine.planBatches(run.id, { canarySize: 10 })).batches[0];
    await h.engine.decideBatch(run.id, b.id, APPROVER);
    const { graph, removalCalls } = losingFirstRemoval(h.graph, applied);
    const engine = new MigrationService({ graph, runs: h.runs, journal: h.journal });
    const result = await engine.executeBatch(run.id, b.id);
    const entries = await h.journal.read(run.id);
    const users = await usersOf(h.engine, run, b);
    return { run, b, users, result, entries, removalCalls };
  }

  it('applied but unanswered: resolved by re-reading, never removed twice', async () => {
    const { users, result, entries, removalCalls } = await runWith(true);
    expect(result).toMatchObject({ removed: 10, skipped: 0, failed: 0 });
    expect(removalCalls).toEqual([users]);
    const removed = entries.filter((e) => e.kind === 'license.removed');
    expect(removed).toHaveLength(10);
    expect(removed.every((e) => e.detail?.how === 'reread after timeout')).toBe(true);
    for (const id of users) expect(await directOf(h, id)).toBeNull();
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('lost before it arrived: the user still holds it and is still ready, so it is sent once more (all such users together)', async () => {
    const { users, result, entries, removalCalls } = await runWith(false);
    expect(result).toMatchObject({ removed: 10, skipped: 0, failed: 0 });
    expect(removalCalls[0]).toEqual(users);
    expect(removalCalls.slice(1)).toEqual([users]);
    expect(entries.filter((e) => e.kind === 'license.removing')).toHaveLength(10);
    expect(entries.filter((e) => e.kind === 'license.removed')).toHaveLength(10);
    for (const id of users) expect(await directOf(h, id)).toBeNull();
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});
