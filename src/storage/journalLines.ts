import type { JournalEntry } from '../migration/types';
import { describeIssues, journalEntrySchema, StorageCorruptError } from './schemas';

/** What parsing a stretch of a JSON Lines journal found. */
export interface JournalScan {
  entries: JournalEntry[];
  /** Offset just past the last complete line. */
  completeBytes: number;
  /** Bytes after the last newline: an append cut short by a crash. */
  tornBytes: number;
}

/**
 * Parses the complete lines of `buf`, which starts at byte `from` of `location`. Every complete
 * line must be a valid entry of `runId` with a seq above the previous one: anything else is
 * corruption, not a crash, and is reported rather than skipped.
 */
export function parseJournalLines(buf: Buffer, from: number, lastSeq: number, location: string, runId: string): JournalScan {
  const end = buf.lastIndexOf(0x0a) + 1;
  const entries: JournalEntry[] = [];
  let prev = lastSeq;
  let lineNo = 0;
  for (const text of buf.subarray(0, end).toString('utf8').split('\n')) {
    lineNo++;
    if (text === '') continue;
    const where = from === 0 ? `line ${lineNo}` : `line ${lineNo} after byte ${from}`;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new StorageCorruptError(location, `${where} is not valid JSON`);
    }
    const parsed = journalEntrySchema.safeParse(json);
    if (!parsed.success) throw new StorageCorruptError(location, `${where} is not a journal entry (${describeIssues(parsed.error)})`);
    if (parsed.data.runId !== runId)
      throw new StorageCorruptError(location, `${where} belongs to run ${JSON.stringify(parsed.data.runId)}`);
    if (parsed.data.seq <= prev) throw new StorageCorruptError(location, `${where} has seq ${parsed.data.seq} after ${prev}`);
    prev = parsed.data.seq;
    entries.push(parsed.data as JournalEntry);
  }
  return { entries, completeBytes: from + end, tornBytes: buf.length - end };
}
