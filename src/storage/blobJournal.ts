import type { AppendBlobClient, ContainerClient } from '@azure/storage-blob';
import type { Journal } from '../migration/store';
import type { JournalEntry } from '../migration/types';
import { BlobStorageError, codeOf, statusOf } from './blobErrors';
import { readAll } from './blobRunStore';
import { journalStretches, parseJournalLines, type JournalScan } from './journalLines';
import { defaultStorageLogger, type StorageLogger } from './logger';
import { assertSafeId } from './schemas';
import { assertOneRun, stampJournalEntry } from './validate';
import type { JournalReadResult } from './fileJournal';

export interface BlobJournalOptions {
  logger?: StorageLogger;
  now?: () => Date;
  /** Location used in messages (safe to log). */
  location?: string;
  /** How often to re-read and retry when another writer appended first. */
  maxAttempts?: number;
}

/**
 * Journal as one append blob of JSON Lines per run (`journal/<runId>.jsonl`). Appends are
 * conditional on the append position, so concurrent writers in several processes never
 * share a seq: the loser re-reads what it missed and tries again with the next seq.
 */
export class BlobJournal implements Journal {
  private readonly logger: StorageLogger;
  private readonly now: () => Date;
  private readonly location: string;
  private readonly tails = new Map<string, { size: number; lastSeq: number }>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly container: ContainerClient,
    private readonly options: BlobJournalOptions = {},
  ) {
    this.logger = options.logger ?? defaultStorageLogger();
    this.now = options.now ?? (() => new Date());
    this.location = options.location ?? container.containerName;
  }

  /** The blob a run's journal is kept in. */
  blobOf(runId: string): string {
    assertSafeId('run id', runId);
    return `journal/${runId}.jsonl`;
  }

  /** Appends an entry with the next seq of its run; resolves once the service has committed it. */
  async append(entry: Omit<JournalEntry, 'seq' | 'at'>): Promise<JournalEntry> {
    stampJournalEntry(entry, 1, this.now()); // validate and refuse secrets before any I/O
    return (await this.enqueue(entry.runId, [entry]))[0];
  }

  /** Appends entries of one run as one block (one round trip), in order. */
  async appendMany(entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<JournalEntry[]> {
    const runId = assertOneRun(entries, this.now());
    if (runId === undefined) return [];
    return this.enqueue(runId, entries);
  }

  private enqueue(runId: string, entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<JournalEntry[]> {
    const prev = this.queues.get(runId) ?? Promise.resolve();
    const next = prev.then(
      () => this.appendNow(runId, entries),
      () => this.appendNow(runId, entries),
    );
    const settled = next.catch(() => undefined);
    this.queues.set(runId, settled);
    void settled.then(() => {
      if (this.queues.get(runId) === settled) this.queues.delete(runId);
    });
    return next;
  }

  /** Entries of a run, in order. */
  async read(runId: string): Promise<JournalEntry[]> {
    return (await this.readWithStatus(runId)).entries;
  }

  /** Entries of a run, in order, a ranged download at a time. */
  async *entries(runId: string): AsyncGenerator<JournalEntry> {
    const name = this.blobOf(runId);
    const client = this.container.getBlobClient(name);
    const readAt = async (from: number, length: number) => {
      try {
        const res = await client.download(from, length);
        return await readAll(res.readableStreamBody);
      } catch (e) {
        // 404: no journal yet; 416: nothing beyond `from`.
        if (statusOf(e) === 404 || statusOf(e) === 416) return Buffer.alloc(0);
        throw new BlobStorageError('reading the journal', `${this.location}/${name}`, e);
      }
    };
    yield* journalStretches(readAt, `${this.location}/${name}`, runId);
  }

  /** Entries of a run plus whether an incomplete last line was ignored. */
  async readWithStatus(runId: string): Promise<JournalReadResult> {
    const scan = await this.scan(runId, 0, 0);
    if (scan.tornBytes > 0)
      this.logger.warn(
        { blob: `${this.location}/${this.blobOf(runId)}`, tornBytes: scan.tornBytes },
        'journal ends in an incomplete line; it was ignored',
      );
    return { entries: scan.entries, tornTail: scan.tornBytes > 0 };
  }

  private async appendNow(runId: string, entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<JournalEntry[]> {
    const name = this.blobOf(runId);
    const client = this.container.getAppendBlobClient(name);
    const maxAttempts = this.options.maxAttempts ?? 20;
    for (let attempt = 1; ; attempt++) {
      let tail = this.tails.get(runId);
      if (!tail) {
        await this.ensureBlob(client, name);
        const scan = await this.scan(runId, 0, 0);
        if (scan.tornBytes > 0)
          throw new BlobStorageError('appending to the journal', `${this.location}/${name}`, new Error('IncompleteLastLine'));
        tail = { size: scan.completeBytes, lastSeq: scan.entries.at(-1)?.seq ?? 0 };
      }
      const at = this.now();
      const base = tail.lastSeq;
      const stamped = entries.map((e, i) => stampJournalEntry(e, base + 1 + i, at));
      const line = stamped.map((e) => `${JSON.stringify(e)}\n`).join('');
      const bytes = Buffer.byteLength(line);
      try {
        await client.appendBlock(line, bytes, { conditions: { appendPosition: tail.size } });
        this.tails.set(runId, { size: tail.size + bytes, lastSeq: stamped.at(-1)!.seq });
        return stamped;
      } catch (e) {
        if (statusOf(e) !== 412 || codeOf(e) === 'MaxBlobSizeConditionNotMet')
          throw new BlobStorageError('appending to the journal', `${this.location}/${name}`, e);
        // Someone appended first, or our own earlier try landed but its reply was lost.
        const scan = await this.scan(runId, tail.size, tail.lastSeq);
        const mine = scan.entries.slice(0, stamped.length);
        if (mine.length === stamped.length && JSON.stringify(mine) === JSON.stringify(stamped)) {
          this.tails.set(runId, { size: tail.size + bytes, lastSeq: stamped.at(-1)!.seq });
          return stamped;
        }
        this.tails.set(runId, { size: scan.completeBytes, lastSeq: scan.entries.at(-1)?.seq ?? tail.lastSeq });
        if (attempt >= maxAttempts) throw new BlobStorageError('appending to the journal', `${this.location}/${name}`, e);
      }
    }
  }

  private async ensureBlob(client: AppendBlobClient, name: string): Promise<void> {
    try {
      await client.createIfNotExists({ blobHTTPHeaders: { blobContentType: 'application/x-ndjson' } });
    } catch (e) {
      throw new BlobStorageError('creating the journal', `${this.location}/${name}`, e);
    }
  }

  private async scan(runId: string, from: number, lastSeq: number): Promise<JournalScan> {
    const name = this.blobOf(runId);
    let buf: Buffer;
    try {
      const res = await this.container.getBlobClient(name).download(from);
      buf = await readAll(res.readableStreamBody);
    } catch (e) {
      if (statusOf(e) === 404) return { entries: [], completeBytes: 0, tornBytes: 0 };
      // 416: nothing beyond `from` yet.
      if (statusOf(e) === 416) return { entries: [], completeBytes: from, tornBytes: 0 };
      throw new BlobStorageError('reading the journal', `${this.location}/${name}`, e);
    }
    return parseJournalLines(buf, from, lastSeq, `${this.location}/${name}`, runId);
  }
}
