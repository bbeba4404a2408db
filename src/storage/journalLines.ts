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

/** Reads up to `length` bytes at `from`; an empty buffer at the end. */
export type ReadAt = (from: number, length: number) => Promise<Buffer>;

/**
 * Entries of a journal read a stretch at a time (1 MB by default), so a journal of millions of lines never sits in
 * memory whole. An incomplete last line (a crash mid-append) ends the reading, as it does for a whole read.
 */
export async function* journalStretches(readAt: ReadAt, location: string, runId: string, stretch = 1 << 20): AsyncGenerator<JournalEntry> {
  let from = 0;
  let lastSeq = 0;
  let size = stretch;
  for (;;) {
    const buf = await readAt(from, size);
    if (buf.length === 0) return;
    const scan = parseJournalLines(buf, from, lastSeq, location, runId);
    if (scan.completeBytes === from) {
      // No complete line in the stretch: the end of the journal is torn, or one line is longer than the stretch.
      if (buf.length < size) return;
      size *= 2;
      continue;
    }
    for (const e of scan.entries) yield e;
    lastSeq = scan.entries.at(-1)?.seq ?? lastSeq;
    from = scan.completeBytes;
    size = stretch;
  }
}
