import type { Journal } from '../../src/migration/store';
import type { JournalEntry } from '../../src/migration/types';
import { MigrationService } from '../../src/migration/engine';
import { directOf, E3, fixture, startHarness, type Harness } from '../support/engineHarness';
import { approvedProfileRun, EMS } from '../support/profileRuns';
import { outcomesOf } from '../support/runState';

/**
 * A run of two products (E3 + EMS, Fabrikam's largest profile) meets the legacy automation: a leaver's direct E3 is
 * taken by the automation while the run is removing that user's E3 and EMS in one write. One write takes every
 * product or none, so the run's write cannot have removed E3 alone: EMS is still the run's to move, and the E3 the
 * automation took is not the run's removal. Found by `npm run chaos -- --profile` (the removalReadBack kill).
 */

/** A process that dies right after journaling its removal intents, before sending any of them. */
class DiesAfterIntents implements Journal {
  constructor(private readonly inner: Journal) {}
  async append(entry: Omit<JournalEntry, 'seq' | 'at'>): Promise<JournalEntry> {
    const e = await this.inner.append(entry);
    if (entry.kind === 'license.removing') throw new Error('process killed');
    return e;
  }
  async appendMany(entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<JournalEntry[]> {
    const out = await this.inner.appendMany(entries);
    if (entries.some((e) => e.kind === 'license.removing')) throw new Error('process killed');
    return out;
  }
  read(runId: string): Promise<JournalEntry[]> {
    return this.inner.read(runId);
  }
  entries(runId: string): AsyncIterable<JournalEntry> {
    return this.inner.entries(runId);
  }
}

/** The E3 + EMS profile run as one approved batch; its first user is the one the automation meets. */
async function approvedLeaverRun(h: Harness) {
  const { run, batch, users, profile } = await approvedProfileRun(h);
  return { run, batch, leaver: users[0], users: profile.users };
}

const removedOf = (entries: JournalEntry[], userId: string) =>
  entries.filter((e) => e.kind === 'license.removed' && e.userId === userId).map((e) => (e.undoAll ?? [e.undo!]).map((u) => u.skuId));

describe('a run of two products when the automation takes one of them from a user mid-removal', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(fixture('license-profiles.json'), { engine: { leaseMs: 0 } });
  });
  afterEach(() => h.close());

  it('the write refused because E3 is gone: EMS still goes, not "already gone"', async () => {
    const { run, batch, leaver } = await approvedLeaverRun(h);
    // The automation takes the leaver's E3 right before the run's write arrives: Graph refuses the whole write.
    await h.control('/triggers', 'POST', {
      method: 'POST',
      path: `/users/${leaver}/assignLicense`,
      before: [{ user: leaver, removeDirect: E3 }],
    });
    await h.engine.executeBatch(run.id, batch.id);
    expect((await h.control('/removals')).refusedNotAssigned).toBe(1);
    const mine = (await outcomesOf(h.engine, run.id)).find((o) => o.userId === leaver)!;
    expect(mine.reason ?? '').not.toMatch(/already gone/);
    expect(await directOf(h, leaver, EMS)).toBeNull();
    expect(removedOf(await h.journal.read(run.id), leaver)).toEqual([[EMS]]);
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('an answer lost (504, not applied) while E3 was taken: EMS still goes, and E3 is not journaled as removed by the run', async () => {
    const { run, batch, leaver } = await approvedLeaverRun(h);
    await h.control('/triggers', 'POST', {
      method: 'POST',
      path: `/users/${leaver}/assignLicense`,
      before: [{ user: leaver, removeDirect: E3 }],
      respond: { status: 504, applied: false },
    });
    await h.engine.executeBatch(run.id, batch.id);
    expect(removedOf(await h.journal.read(run.id), leaver)).toEqual([[EMS]]);
    expect(await directOf(h, leaver, EMS)).toBeNull();
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('after a restart: the E3 the automation took is not journaled as the run’s removal, and EMS still goes', async () => {
    const { run, batch, leaver, users } = await approvedLeaverRun(h);
    const dying = new MigrationService({ graph: h.graph, runs: h.runs, journal: new DiesAfterIntents(h.journal), leaseMs: 0 });
    await expect(dying.executeBatch(run.id, batch.id)).rejects.toThrow('process killed');
    const intents = (await h.journal.read(run.id)).filter((e) => e.kind === 'license.removing');
    expect(intents.length).toBeGreaterThan(0);
    expect(intents.find((e) => e.userId === leaver)!.undoAll?.map((u) => u.skuId)).toEqual([E3, EMS]);
    // Nothing was sent; then, while no process runs, the automation takes the leaver's E3.
    expect((await h.control('/removals')).writes).toBe(0);
    await h.control(`/users/${leaver}/mutate`, 'POST', { removeDirect: E3 });

    const next = new MigrationService({ graph: h.graph, runs: h.runs, journal: h.journal, leaseMs: 0 });
    const [result] = await next.recoverInterrupted();
    expect(result.removed).toBe(users);
    const entries = await h.journal.read(run.id);
    expect(removedOf(entries, leaver)).toEqual([[EMS]]);
    expect(await directOf(h, leaver, EMS)).toBeNull();
    // The tenant saw the run remove every other user's E3 and EMS, and the leaver's EMS: nothing twice.
    const tenant = await h.control('/removals');
    expect(tenant.bySku).toEqual({ [E3]: users - 1, [EMS]: users });
    expect(tenant.repeated).toEqual([]);
    expect((await h.control('/invariants')).violations).toEqual([]);
  });

  it('after a restart, when the user has also left the group: the E3 that went is given back, whoever took it', async () => {
    const { run, batch, leaver } = await approvedLeaverRun(h);
    const dying = new MigrationService({ graph: h.graph, runs: h.runs, journal: new DiesAfterIntents(h.journal), leaseMs: 0 });
    await expect(dying.executeBatch(run.id, batch.id)).rejects.toThrow('process killed');
    // While no process runs, E3 goes and the user leaves the run's group: the journal cannot say whose removal it was.
    await h.control(`/users/${leaver}/mutate`, 'POST', { removeDirect: E3, removeFromGroup: (await h.engine.getRun(run.id))!.groupId });
    const next = new MigrationService({ graph: h.graph, runs: h.runs, journal: h.journal, leaseMs: 0 });
    await next.recoverInterrupted();
    // Out of the group, only a direct assignment gives E3: it is back, and the run stops for the admin.
    expect(await directOf(h, leaver, E3)).toEqual([]);
    const mine = (await outcomesOf(h.engine, run.id)).find((o) => o.userId === leaver)!;
    expect(mine.outcome).toBe('failed');
    // What recovery's read finds depends on how far Entra got with the user's leaving (still listed with the license,
    // or already without E3): the E3 is given back either way.
    expect(mine.reason).toMatch(
      /(the user left the group \(Entra had not yet taken its license away\)|the user no longer holds ENTERPRISEPACK); direct assignment re-added/,
    );
    expect((await h.engine.getRun(run.id))!.status).toBe('paused');
    expect((await h.control('/invariants')).violations).toEqual([]);
  });
});
