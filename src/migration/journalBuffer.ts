import type { Journal } from './store';
import type { JournalEntry } from './types';

type NewEntry = Omit<JournalEntry, 'seq' | 'at'>;

/**
 * Collects the routine entries of one chunk so they reach the journal in one durable write.
 * Any entry written straight away flushes the collected ones first, so a user's entries stay in order.
 */
export class JournalBuffer {
  private pending: NewEntry[] = [];

  constructor(private readonly journal: Journal) {}

  /** Keeps an entry for the next flush. */
  defer(entry: NewEntry): void {
    this.pending.push(entry);
  }

  /** Writes collected entries, then this one. */
  async append(entry: NewEntry): Promise<JournalEntry> {
    await this.flush();
    return this.journal.append(entry);
  }

  /** Writes collected entries, then these, in one durable write. */
  async appendMany(entries: NewEntry[]): Promise<void> {
    this.pending.push(...entries);
    await this.flush();
  }

  /** Makes every collected entry durable. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const entries = this.pending;
    this.pending = [];
    await this.journal.appendMany(entries);
  }
}
