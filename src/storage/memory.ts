import { ConcurrencyError, type Journal, type RunStore, type Versioned } from '../migration/store';
import type { JournalEntry, Run } from '../migration/types';
import { assertSafeId } from './schemas';
import { checkRunForWrite, newestFirst, stampJournalEntry, assertOneRun } from './validate';
import { checkUserList, MissingUserListError, sameUsers, userListKey } from './userLists';

/** In-process RunStore with the same etag semantics as the durable stores; values are copied in and out. */
export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, { run: Run; version: number }>();

  /** The run and its etag, or null. */
  async get(runId: string): Promise<Versioned<Run> | null> {
    assertSafeId('run id', runId);
    const held = this.runs.get(runId);
    return held ? { value: structuredClone(held.run), etag: String(held.version) } : null;
  }

  /** Creates a run; ConcurrencyError if the id exists. */
  async create(run: Run): Promise<Versioned<Run>> {
    const copy = checkRunForWrite(run);
    if (this.runs.has(copy.id)) throw new ConcurrencyError(`run ${copy.id}`);
    this.runs.set(copy.id, { run: copy, version: 1 });
    return { value: structuredClone(copy), etag: '1' };
  }

  /** Replaces the run if the etag still matches; ConcurrencyError otherwise. */
  async replace(run: Run, etag: string): Promise<Versioned<Run>> {
    const copy = checkRunForWrite(run);
    const held = this.runs.get(copy.id);
    if (!held || String(held.version) !== etag) throw new ConcurrencyError(`run ${copy.id}`);
    const version = held.version + 1;
    this.runs.set(copy.id, { run: copy, version });
    return { value: structuredClone(copy), etag: String(version) };
  }

  /** All runs, newest first. */
  async list(): Promise<Run[]> {
    return [...this.runs.values()].map((h) => structuredClone(h.run)).sort(newestFirst);
  }

  private readonly lists = new Map<string, string[]>();
  private readonly counters = new Map<string, number>();

  /** The next run number of a scope (see RunStore.nextRunNumber). */
  async nextRunNumber(scope: string, atLeast = 1): Promise<number> {
    assertSafeId('run number scope', scope);
    const next = Math.max((this.counters.get(scope) ?? 0) + 1, atLeast);
    this.counters.set(scope, next);
    return next;
  }

  /** Stores a user list once (see RunStore.saveUserList). */
  async saveUserList(runId: string, listId: string, userIds: readonly string[]): Promise<void> {
    const key = userListKey(runId, listId);
    checkUserList(userIds);
    const held = this.lists.get(key);
    if (held && !sameUsers(held, userIds)) throw new ConcurrencyError(`user list ${listId} of run ${runId}`);
    this.lists.set(key, [...userIds]);
  }

  /** A stored user list. */
  async readUserList(runId: string, listId: string): Promise<string[]> {
    const held = this.lists.get(userListKey(runId, listId));
    if (!held) throw new MissingUserListError(runId, listId, 'memory');
    return [...held];
  }
}

/** In-process Journal: same validation, secret refusal and seq numbering as the durable journals. */
export class MemoryJournal implements Journal {
  private readonly byRun = new Map<string, JournalEntry[]>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Appends an entry with the next seq of its run. */
  async append(entry: Omit<JournalEntry, 'seq' | 'at'>): Promise<JournalEntry> {
    const list = this.byRun.get(entry?.runId) ?? [];
    const stamped = stampJournalEntry(entry, (list.at(-1)?.seq ?? 0) + 1, this.now());
    list.push(stamped);
    this.byRun.set(stamped.runId, list);
    return structuredClone(stamped);
  }

  /** Appends entries of one run, validated all before any is kept. */
  async appendMany(entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<JournalEntry[]> {
    assertOneRun(entries, this.now());
    const out: JournalEntry[] = [];
    for (const e of entries) out.push(await this.append(e));
    return out;
  }

  /** Entries of a run, in order. */
  async read(runId: string): Promise<JournalEntry[]> {
    assertSafeId('run id', runId);
    return structuredClone(this.byRun.get(runId) ?? []);
  }

  /** Entries of a run, in order, one copy at a time. */
  async *entries(runId: string): AsyncGenerator<JournalEntry> {
    assertSafeId('run id', runId);
    const list = this.byRun.get(runId) ?? [];
    // Entries appended while the caller reads are read too, as with the durable journals.
    for (let i = 0; i < list.length; i++) yield structuredClone(list[i]);
  }
}
