import type { ContainerClient } from '@azure/storage-blob';
import { z } from 'zod';
import { ConcurrencyError, type RunStore, type Versioned } from '../migration/store';
import type { Run } from '../migration/types';
import { BlobStorageError, statusOf } from './blobErrors';
import { assertSafeId, describeIssues, runSchema, StorageCorruptError } from './schemas';
import { checkRunForWrite, newestFirst } from './validate';
import { checkUserList, MissingUserListError, parseUserList, sameUsers, serializeUserList, userListKey } from './userLists';
import { errorMessage } from '../common/errorMessage';

const FORMAT = 'license-migration-run';
const envelopeSchema = z.object({ format: z.literal(FORMAT), run: runSchema });

/** RunStore on Azure Blob Storage: one JSON blob per run; the blob ETag is the etag, writes are If-Match / If-None-Match. */
export class BlobRunStore implements RunStore {
  constructor(
    private readonly container: ContainerClient,
    /** Safe-to-log name of the container, for messages. */
    private readonly location: string = container.containerName,
  ) {}

  /** The blob a run is kept in. */
  blobOf(runId: string): string {
    assertSafeId('run id', runId);
    return `runs/${runId}.json`;
  }

  /** The run and its etag, or null. */
  async get(runId: string): Promise<Versioned<Run> | null> {
    const name = this.blobOf(runId);
    let buf: Buffer;
    let etag: string | undefined;
    try {
      const res = await this.container.getBlobClient(name).download();
      buf = await readAll(res.readableStreamBody);
      etag = res.etag;
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw new BlobStorageError('reading a run', `${this.location}/${name}`, e);
    }
    const run = this.parse(name, buf);
    if (run.id !== runId) throw new StorageCorruptError(`${this.location}/${name}`, `it holds run ${JSON.stringify(run.id)}, not ${runId}`);
    if (!etag) throw new BlobStorageError('reading a run', `${this.location}/${name}`, new Error('no ETag'));
    return { value: run, etag };
  }

  /** Creates a run; ConcurrencyError if the id exists. */
  async create(run: Run): Promise<Versioned<Run>> {
    const copy = checkRunForWrite(run);
    return this.write(copy, { ifNoneMatch: '*' });
  }

  /** Replaces the run if the blob's ETag still matches; ConcurrencyError otherwise. */
  async replace(run: Run, etag: string): Promise<Versioned<Run>> {
    const copy = checkRunForWrite(run);
    return this.write(copy, { ifMatch: etag });
  }

  /** All runs, newest first. */
  async list(): Promise<Run[]> {
    const names: string[] = [];
    try {
      for await (const item of this.container.listBlobsFlat({ prefix: 'runs/' })) {
        if (item.name.endsWith('.json')) names.push(item.name);
      }
    } catch (e) {
      throw new BlobStorageError('listing runs', this.location, e);
    }
    const runs: Run[] = [];
    // A few at a time: enough to hide latency without flooding the account.
    for (let i = 0; i < names.length; i += 8) {
      const got = await Promise.all(names.slice(i, i + 8).map((n) => this.get(n.slice('runs/'.length, -'.json'.length))));
      for (const g of got) if (g) runs.push(g.value);
    }
    return runs.sort(newestFirst);
  }

  /**
   * The next run number of a scope, counted in `counters/run-number-<scope>.json`: read with its ETag, written back
   * If-Match (If-None-Match for the first), and read again when another instance was quicker.
   */
  async nextRunNumber(scope: string, atLeast = 1): Promise<number> {
    assertSafeId('run number scope', scope);
    const name = `counters/run-number-${scope}.json`;
    const where = `${this.location}/${name}`;
    for (let attempt = 0; attempt < COUNTER_ATTEMPTS; attempt++) {
      let last = 0;
      let etag: string | undefined;
      try {
        const res = await this.container.getBlobClient(name).download();
        etag = res.etag;
        last = parseCounter(where, (await readAll(res.readableStreamBody)).toString('utf8'));
      } catch (e) {
        if (e instanceof StorageCorruptError) throw e;
        if (statusOf(e) !== 404) throw new BlobStorageError('reading a run counter', where, e);
      }
      const next = Math.max(last + 1, atLeast);
      const body = `${JSON.stringify({ format: COUNTER_FORMAT, last: next })}\n`;
      try {
        await this.container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body), {
          conditions: etag ? { ifMatch: etag } : { ifNoneMatch: '*' },
          blobHTTPHeaders: { blobContentType: 'application/json' },
        });
        return next;
      } catch (e) {
        const status = statusOf(e);
        if (status !== 412 && status !== 409) throw new BlobStorageError('writing a run counter', where, e);
      }
    }
    throw new ConcurrencyError(`run counter ${scope}`);
  }

  /** Stores a batch's user list once, as `lists/<runId>/<listId>.json` with If-None-Match (see RunStore.saveUserList). */
  async saveUserList(runId: string, listId: string, userIds: readonly string[]): Promise<void> {
    const name = `lists/${userListKey(runId, listId)}.json`;
    checkUserList(userIds);
    const body = serializeUserList(runId, listId, userIds);
    try {
      await this.container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return;
    } catch (e) {
      const status = statusOf(e);
      if (status !== 409 && status !== 412) throw new BlobStorageError('writing a user list', `${this.location}/${name}`, e);
    }
    // Written before (a retry whose answer was lost, or another instance): the same list is fine.
    if (!sameUsers(await this.readUserList(runId, listId), userIds)) throw new ConcurrencyError(`user list ${listId} of run ${runId}`);
  }

  /** A stored user list. */
  async readUserList(runId: string, listId: string): Promise<string[]> {
    const name = `lists/${userListKey(runId, listId)}.json`;
    let buf: Buffer;
    try {
      buf = await readAll((await this.container.getBlobClient(name).download()).readableStreamBody);
    } catch (e) {
      if (statusOf(e) === 404) throw new MissingUserListError(runId, listId, `${this.location}/lists`);
      throw new BlobStorageError('reading a user list', `${this.location}/${name}`, e);
    }
    return parseUserList(buf.toString('utf8'), runId, listId, `${this.location}/${name}`);
  }

  private async write(run: Run, conditions: { ifMatch?: string; ifNoneMatch?: string }): Promise<Versioned<Run>> {
    const name = this.blobOf(run.id);
    const body = `${JSON.stringify({ format: FORMAT, run }, null, 2)}\n`;
    try {
      const res = await this.container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body), {
        conditions,
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      if (!res.etag) throw new Error('no ETag');
      return { value: run, etag: res.etag };
    } catch (e) {
      // 412: the ETag moved on; 409: the blob exists (create); 404: nothing to replace.
      const status = statusOf(e);
      if (status === 412 || status === 409 || (status === 404 && conditions.ifMatch)) throw new ConcurrencyError(`run ${run.id}`);
      throw new BlobStorageError('writing a run', `${this.location}/${name}`, e);
    }
  }

  private parse(name: string, buf: Buffer): Run {
    const where = `${this.location}/${name}`;
    const text = buf.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new StorageCorruptError(where, text.trim() === '' ? 'the blob is empty' : `not valid JSON (${errorMessage(e)})`);
    }
    const parsed = envelopeSchema.safeParse(json);
    if (!parsed.success) throw new StorageCorruptError(where, `not a stored run (${describeIssues(parsed.error)})`);
    return parsed.data.run as Run;
  }
}

const COUNTER_FORMAT = 'license-migration-counter';
/** Instances racing for numbers each win within a few rounds; this many lost rounds means something is wrong. */
const COUNTER_ATTEMPTS = 50;
const counterSchema = z.object({ format: z.literal(COUNTER_FORMAT), last: z.number().int().min(0) });

function parseCounter(where: string, text: string): number {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new StorageCorruptError(where, `not valid JSON (${errorMessage(e)})`);
  }
  const parsed = counterSchema.safeParse(json);
  if (!parsed.success) throw new StorageCorruptError(where, `not a counter (${describeIssues(parsed.error)})`);
  return parsed.data.last;
}

/** Collects a download stream. */
export async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
