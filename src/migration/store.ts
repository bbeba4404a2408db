import type { JournalEntry, Run } from './types';

/** A stored value with the version tag that guards concurrent writers. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

export class ConcurrencyError extends Error {
  constructor(key: string) {
    super(`${key} was changed by someone else; re-read and try again`);
    this.name = 'ConcurrencyError';
  }
}

/** Persistence of runs with optimistic concurrency; file, memory and Azure Blob implement it. */
export interface RunStore {
  /** The run and its etag, or null. */
  get(runId: string): Promise<Versioned<Run> | null>;
  /** Creates a run; throws ConcurrencyError if the id exists. */
  create(run: Run): Promise<Versioned<Run>>;
  /** Replaces the run only if the stored etag still matches; throws ConcurrencyError otherwise. */
  replace(run: Run, etag: string): Promise<Versioned<Run>>;
  /** All runs, newest first. */
  list(): Promise<Run[]>;
  /**
   * The next run number of a scope (a tenant): 1, 2, 3… Each number is handed out once, also when several
   * instances share the store and ask at the same moment. `atLeast` lifts the counter (never lowers it): the
   * caller passes one more than the highest number its runs have, so a lost counter cannot repeat a number.
   */
  nextRunNumber(scope: string, atLeast?: number): Promise<number>;
  /**
   * Stores a batch's user list once, next to its run; writing the same id again with the same users is a no-op,
   * with other users a ConcurrencyError (a list never changes once a batch refers to it).
   */
  saveUserList(runId: string, listId: string, userIds: readonly string[]): Promise<void>;
  /** A stored user list; throws when it is missing (a run refers only to lists it saved first). */
  readUserList(runId: string, listId: string): Promise<string[]>;
}

/** Append-only record of every change, written before and after it is made. */
export interface Journal {
  /** Appends an entry (seq and at are assigned) and returns it once durable. */
  append(entry: Omit<JournalEntry, 'seq' | 'at'>): Promise<JournalEntry>;
  /** Appends entries of ONE run in order with one durable write; all or none are validated first. */
  appendMany(entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<JournalEntry[]>;
  /** Entries of a run, in order. */
  read(runId: string): Promise<JournalEntry[]>;
  /** Entries of a run, in order, read a stretch at a time: memory stays bounded however long the journal is. */
  entries(runId: string): AsyncIterable<JournalEntry>;
}
