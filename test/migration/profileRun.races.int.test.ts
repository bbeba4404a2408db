import type { LicensingGraph } from '../../src/graph/licensingGraph';
import type { Journal } from '../../src/migration/store';
import type { JournalEntry } from '../../src/migration/types';
import { MigrationService } from '../../src/migration/engine';
import { directOf, E3, fixture, startHarness, type Harness } from '../support/engineHarness';
import { approvedProfileRun, EMS } from '../support/profileRuns';

/**
 * Runs of several products (fixtures/license-profiles.json) under crashes and races: whatever happens between one
 * write that removes several products and its result, every product a user lost comes back.
 */
const FAST = { pollIntervalMs: 50, settleTimeoutMs: 15_000 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const trigger = (h: Harness, body: Record<string, unknown>): Promise<any> => h.control('/triggers', 'POST', body);

/** The E3 + EMS profile's run with a canary of three, approved. */
async function approvedProfileCanary(h: Harness) {
  const { run, batch, users } = await approvedProfileRun(h, 3);
  return { run, b: batch, users };
}

/**
 * A process that stops: after `stopWhen` is met, every Graph call and every journal write it makes fails, like those
 * of a process that died at that point.
 */
function stoppingProcess(h: Harness, stopAfter: { graphCall?: keyof LicensingGraph; journalKind?: JournalEntry['kind'] }) {
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  const graph = new Proxy(h.graph, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (stopped) throw new Error('process stopped');
        const result = await value.apply(target, args);
        if (prop === stopAfter.graphCall) stop();
        return result;
      };
    },
  });
  const journal = new StoppingJournal(h.journal, () => stopped, stopAfter.journalKind);
  return new MigrationService({ graph, runs: h.runs, journal, leaseMs: 0, ...FAST });
}

/** The run's journal, written until the process stops (or reaches an entry of `kind`: it stops right before writing it). */
class StoppingJournal implements Journal {
  constructor(
    private readonly inner: Journal,
    private readonly stopped: () => boolean,
    private readonly kind?: JournalEntry['kind'],
    private dead = false,
  ) {}
  private check(entries: Omit<JournalEntry, 'seq' | 'at'>[]): void {
    if (this.stopped() || entries.some((e) => e.kind === this.kind)) this.dead = true;
    if (this.dead) throw new Error('process stopped');
  }
  async append(entry: Omit<JournalEntry, 'seq' | 'at'>): Promise<JournalEntry> {
    this.check([entry]);
    return this.inner.append(entry);
  }
  async appendMany(entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<JournalEntry[]> {
    this.check(entries);
    return this.inner.appendMany(entries);
  }
  read(runId: string): Promise<JournalEntry[]> {
    return this.inner.read(runId);
  }
  entries(runId: string): AsyncIterable<JournalEntry> {
    return this.inner.entries(runId);
  }
}

describe('a run of several products: a crash half-way through giving a user back what one write removed', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(fixture('license-profiles.json'), { engine: { leaseMs: 0 } });
  });
  afterEach(() => h.close());

  // The user leaves the group right before the one write that removes E3 and EMS, and the answer is held until
  // Entra has applied the leave: both products must come back, even when the process stops once E3 is back.
  it.each([
    ['before the result of the first restore is written', { journalKind: 'license.restored' as const }],
    ['after the one write that gives both back, before its result is written', { graphCall: 'addDirectLicenses' as const }],
  ])('stopped %s: recovery gives back the other product too', async (_when, stopAfter) => {
    const { run, b, users } = await approvedProfileCanary(h);
    await h.control('/behaviour', 'PUT', { groupProcessingDelayMs: 0 });
    const victim = users[1];
    await trigger(h, {
      method: 'POST',
      path: `/users/${victim}/assignLicense`,
      before: [{ user: victim, removeFromGroup: run.groupId }],
      delayMs: 300,
    });
    await expect(stoppingProcess(h, stopAfter).executeBatch(run.id, b.id)).rejects.toThrow('process stopped');
    expect(await directOf(h, victim, E3)).toEqual([]);

    const [resumed] = await h.newEngine(FAST).recoverInterrupted();
    // Out of the group: only the direct assignments keep the user's licenses.
    expect(await directOf(h, victim, E3)).toEqual([]);
    expect(await directOf(h, victim, EMS)).toEqual([]);
    expect(resumed.issues.find((o) => o.userId === victim)).toMatchObject({ outcome: 'failed' });
    expect((await h.engine.getRun(run.id))!.status).toBe('paused');
    // Restored, the user no longer counts as removed for either product.
    expect((await h.engine.report(run.id)).bySku?.map((x) => x.removed)).toEqual([2, 2]);
  });
});

describe('a run of several products: a crash between the one write that removes them and its result', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(fixture('license-profiles.json'), { engine: { leaseMs: 0 } });
  });
  afterEach(() => h.close());

  it('recovery judges every product the write took and gives them all back to a user who left the group', async () => {
    const { run, b, users } = await approvedProfileCanary(h);
    await h.control('/behaviour', 'PUT', { groupProcessingDelayMs: 0 });
    const victim = users[1];
    // The write goes through and the user leaves the group right after it; the process stops before any result is written.
    await trigger(h, { method: 'POST', path: `/users/${victim}/assignLicense`, after: [{ user: victim, removeFromGroup: run.groupId }] });
    await expect(stoppingProcess(h, { journalKind: 'license.removed' }).executeBatch(run.id, b.id)).rejects.toThrow('process stopped');
    expect(await directOf(h, victim, E3)).toBeNull();
    expect(await directOf(h, victim, EMS)).toBeNull();

    const [resumed] = await h.newEngine(FAST).recoverInterrupted();
    expect(await directOf(h, victim, E3)).toEqual([]);
    expect(await directOf(h, victim, EMS)).toEqual([]);
    expect(resumed.issues.find((o) => o.userId === victim)).toMatchObject({ outcome: 'failed', code: 'servicesLost' });
    // The others were removed and confirmed once, whoever wrote their result.
    expect((await h.engine.report(run.id)).bySku?.map((x) => x.removed)).toEqual([2, 2]);
    expect((await h.control('/removals')).repeated).toEqual([]);
  });
});

describe("a run of several products: a user's direct licenses change between the plan and the removal", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(fixture('license-profiles.json'));
  });
  afterEach(() => h.close());

  it('a third product assigned directly meanwhile stays; one the legacy automation took away is not asked for', async () => {
    const PBI = 'f8a1db68-be16-40ed-86d5-cb42ce701560';
    const { run, b, users } = await approvedProfileCanary(h);
    const [gainer, loser] = users;
    await h.control(`/users/${gainer}/mutate`, 'POST', { setDirect: { skuId: PBI, disabledPlans: [] } });
    await h.control(`/users/${loser}/mutate`, 'POST', { removeDirect: EMS });
    const result = await h.engine.executeBatch(run.id, b.id);
    expect(result).toMatchObject({ removed: 3, failed: 0, skipped: 0 });
    // The gainer's PBI is not the run's: it stays direct; E3 and EMS went in one write.
    expect(await directOf(h, gainer, PBI)).toEqual([]);
    expect([await directOf(h, gainer, E3), await directOf(h, gainer, EMS)]).toEqual([null, null]);
    // The loser's E3 went alone; EMS comes from the group.
    const removed = (await h.journal.read(run.id)).find((e) => e.kind === 'license.removed' && e.userId === loser)!;
    expect(removed.undo).toEqual({ skuId: E3, disabledPlans: [] });
    expect(removed.undoAll).toBeUndefined();
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});
