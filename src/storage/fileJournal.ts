import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Journal } from '../migration/store';
import type { JournalEntry } from '../migration/types';
import { fsyncDir } from './atomicFile';
import { withFileLock, type LockOptions } from './fileLock';
import { defaultStorageLogger, type StorageLogger } from './logger';
import { journalStretches, parseJournalLines, type JournalScan } from './journalLines';
import { assertSafeId } from './schemas';
import { assertOneRun, stampJournalEntry } from './validate';

export interface FileJournalOptions {
  logger?: StorageLogger;
  lock?: LockOptions;
  now?: () => Date;
}

/** What reading a journal file found. */
export interface JournalReadResult {
  entries: JournalEntry[];
  /** True when the file ended in an incomplete line (a crash mid-append); that line was ignored. */
  tornTail: boolean;
}

/**
 * Journal as JSON Lines, one file per run (`<dir>/journal/<runId>.jsonl`). Each append is
 * fsynced before it returns; seq continues from the file, so it stays monotonic across
 * restarts and across processes sharing the directory (appends hold a per-run lock file).
 */
export class FileJournal implements Journal {
  readonly journalDir: string;
  private readonly logger: StorageLogger;
  private readonly now: () => Date;
  /** Where this instance last left each file, so an append need not re-read it. */
  private readonly tails = new Map<string, { size: number; lastSeq: number }>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly dir: string,
    private readonly options: FileJournalOptions = {},
  ) {
    this.journalDir = path.join(path.resolve(dir), 'journal');
    this.logger = options.logger ?? defaultStorageLogger();
    this.now = options.now ?? (() => new Date());
  }

  /** The file a run's journal is kept in. */
  fileOf(runId: string): string {
    assertSafeId('run id', runId);
    return path.join(this.journalDir, `${runId}.jsonl`);
  }

  /** Appends an entry with the next seq of its run; resolves once it is on disk. */
  async append(entry: Omit<JournalEntry, 'seq' | 'at'>): Promise<JournalEntry> {
    // Validate (and refuse secrets) before taking any lock or touching the disk.
    stampJournalEntry(entry, 1, this.now());
    const file = this.fileOf(entry.runId);
    return this.serial(entry.runId, async () => {
      await fs.mkdir(this.journalDir, { recursive: true });
      return (await withFileLock(`${file}.lock`, () => this.appendLocked(file, entry.runId, [entry]), this.options.lock))[0];
    });
  }

  /** Appends entries of one run with one write and one fsync (a batch journals a chunk at once). */
  async appendMany(entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<JournalEntry[]> {
    const runId = assertOneRun(entries, this.now());
    if (runId === undefined) return [];
    const file = this.fileOf(runId);
    return this.serial(runId, async () => {
      await fs.mkdir(this.journalDir, { recursive: true });
      return withFileLock(`${file}.lock`, () => this.appendLocked(file, runId, entries), this.options.lock);
    });
  }

  /** Entries of a run, in order; an incomplete last line is ignored with a warning. */
  async read(runId: string): Promise<JournalEntry[]> {
    return (await this.readWithStatus(runId)).entries;
  }

  /** Entries of a run, in order, a stretch of the file at a time. */
  async *entries(runId: string): AsyncGenerator<JournalEntry> {
    const file = this.fileOf(runId);
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    try {
      const readAt = async (from: number, length: number) => {
        const buf = Buffer.alloc(length);
        const { bytesRead } = await fh.read(buf, 0, length, from);
        return buf.subarray(0, bytesRead);
      };
      yield* journalStretches(readAt, file, runId);
    } finally {
      await fh.close();
    }
  }

  /** Entries of a run plus whether a torn last line was ignored. */
  async readWithStatus(runId: string): Promise<JournalReadResult> {
    const file = this.fileOf(runId);
    let scan = await this.scan(file, 0, 0);
    if (scan.tornBytes > 0) {
      // It may be an append in progress in another process: look again once it has finished.
      await fs.mkdir(this.journalDir, { recursive: true });
      scan = await withFileLock(`${file}.lock`, () => this.scan(file, 0, 0), this.options.lock);
      if (scan.tornBytes > 0) {
        this.logger.warn(
          { file, tornBytes: scan.tornBytes },
          'journal ends in an incomplete line (crash during an append); it was ignored',
        );
      }
    }
    return { entries: scan.entries, tornTail: scan.tornBytes > 0 };
  }

  private async appendLocked(file: string, runId: string, entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<JournalEntry[]> {
    const size = await fs.stat(file).then(
      (s) => s.size,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return -1;
        throw e;
      },
    );
    let tail = this.tails.get(runId);
    if (size === -1) {
      tail = { size: 0, lastSeq: 0 };
    } else if (!tail || tail.size !== size) {
      // First append by this instance, or another process appended: read what we have not seen.
      const from = tail && tail.size < size ? tail : { size: 0, lastSeq: 0 };
      const scan = await this.scan(file, from.size, from.lastSeq);
      if (scan.tornBytes > 0) await this.setTornTailAside(file, scan.completeBytes, size);
      tail = { size: scan.completeBytes, lastSeq: scan.entries.at(-1)?.seq ?? from.lastSeq };
    }
    const at = this.now();
    const stamped = entries.map((e, i) => stampJournalEntry(e, tail.lastSeq + 1 + i, at));
    const line = stamped.map((e) => `${JSON.stringify(e)}\n`).join('');
    const fh = await fs.open(file, 'a', 0o600);
    try {
      // One write of whole lines: a crash leaves complete entries and at most one incomplete last line.
      await fh.write(line);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (size === -1) await fsyncDir(this.journalDir);
    this.tails.set(runId, { size: tail.size + Buffer.byteLength(line), lastSeq: stamped.at(-1)!.seq });
    return stamped;
  }

  /** Moves an incomplete last line into a side file (kept for inspection) so the next line starts clean. */
  private async setTornTailAside(file: string, completeBytes: number, size: number): Promise<void> {
    const fh = await fs.open(file, 'r+');
    try {
      const torn = Buffer.alloc(size - completeBytes);
      await fh.read(torn, 0, torn.length, completeBytes);
      const aside = `${file}.torn-${this.now().toISOString().replace(/[:.]/g, '-')}`;
      await fs.writeFile(aside, torn, { mode: 0o600 });
      await fh.truncate(completeBytes);
      await fh.sync();
      this.logger.warn(
        { file, tornBytes: torn.length, keptIn: aside },
        'journal ended in an incomplete line (crash during an append); moved it aside before appending',
      );
    } finally {
      await fh.close();
    }
  }

  /** Parses the complete lines from byte offset `from` (see parseJournalLines). */
  private async scan(file: string, from: number, lastSeq: number): Promise<JournalScan> {
    let buf: Buffer;
    try {
      const fh = await fs.open(file, 'r');
      try {
        const { size } = await fh.stat();
        buf = Buffer.alloc(Math.max(0, size - from));
        if (buf.length) await fh.read(buf, 0, buf.length, from);
      } finally {
        await fh.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], completeBytes: 0, tornBytes: 0 };
      throw e;
    }
    return parseJournalLines(buf, from, lastSeq, file, path.basename(file, '.jsonl'));
  }

  /** Appends of one run from this instance go one at a time, so they do not spin on the lock file. */
  private serial<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(runId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.queues.set(runId, settled);
    void settled.then(() => {
      if (this.queues.get(runId) === settled) this.queues.delete(runId);
    });
    return next;
  }
}
