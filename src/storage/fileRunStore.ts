import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConcurrencyError, type RunStore, type Versioned } from '../migration/store';
import type { Run } from '../migration/types';
import { createFileAtomic, writeFileAtomic } from './atomicFile';
import { withFileLock, type LockOptions } from './fileLock';
import { assertSafeId, describeIssues, runSchema, StorageCorruptError } from './schemas';
import { checkRunForWrite, newestFirst } from './validate';
import { checkUserList, MissingUserListError, parseUserList, sameUsers, serializeUserList, userListKey } from './userLists';
import { errorMessage } from '../common/errorMessage';

const FORMAT = 'license-migration-run';

/** On-disk envelope: the version is the etag, so it survives restarts and is shared by every process. */
const envelopeSchema = z.object({
  format: z.literal(FORMAT),
  version: z.number().int().min(1),
  run: runSchema,
});

/** RunStore on a directory: one JSON file per run, atomic writes, compare-and-swap under a per-run lock file. */
export class FileRunStore implements RunStore {
  readonly runsDir: string;

  constructor(
    readonly dir: string,
    private readonly lockOptions: LockOptions = {},
  ) {
    this.runsDir = path.join(path.resolve(dir), 'runs');
  }

  /** The file a run is kept in. */
  fileOf(runId: string): string {
    assertSafeId('run id', runId);
    return path.join(this.runsDir, `${runId}.json`);
  }

  /** The run and its etag, or null. */
  async get(runId: string): Promise<Versioned<Run> | null> {
    const file = this.fileOf(runId);
    const stored = await this.readFile(file);
    if (stored && stored.run.id !== runId) {
      throw new StorageCorruptError(file, `it holds run ${JSON.stringify(stored.run.id)}, not ${runId}`);
    }
    return stored ? { value: stored.run, etag: String(stored.version) } : null;
  }

  /** Creates a run; ConcurrencyError if the id exists. */
  async create(run: Run): Promise<Versioned<Run>> {
    const copy = checkRunForWrite(run);
    const file = this.fileOf(copy.id);
    await this.ensureDir();
    const created = await withFileLock(`${file}.lock`, () => createFileAtomic(file, serialize(1, copy)), this.lockOptions);
    if (!created) throw new ConcurrencyError(`run ${copy.id}`);
    return { value: copy, etag: '1' };
  }

  /** Replaces the run if the stored etag still matches; ConcurrencyError otherwise. */
  async replace(run: Run, etag: string): Promise<Versioned<Run>> {
    const copy = checkRunForWrite(run);
    const file = this.fileOf(copy.id);
    await this.ensureDir();
    return withFileLock(
      `${file}.lock`,
      async () => {
        const current = await this.readFile(file);
        if (!current || String(current.version) !== etag) throw new ConcurrencyError(`run ${copy.id}`);
        const version = current.version + 1;
        await writeFileAtomic(file, serialize(version, copy));
        return { value: copy, etag: String(version) };
      },
      this.lockOptions,
    );
  }

  /** All runs, newest first; a corrupt run file fails the listing with its name rather than hiding the run. */
  async list(): Promise<Run[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.runsDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const runs: Run[] = [];
    for (const name of names) {
      // Temp files start with '.', lock files end with '.lock'.
      if (name.startsWith('.') || !name.endsWith('.json')) continue;
      const stored = await this.readFile(path.join(this.runsDir, name));
      if (stored) runs.push(stored.run);
    }
    return runs.sort(newestFirst);
  }

  /** The next run number of a scope, counted in `counters/run-number-<scope>.json` under its lock file. */
  async nextRunNumber(scope: string, atLeast = 1): Promise<number> {
    assertSafeId('run number scope', scope);
    const file = path.join(path.resolve(this.dir), 'counters', `run-number-${scope}.json`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    return withFileLock(
      `${file}.lock`,
      async () => {
        const next = Math.max((await readCounter(file)) + 1, atLeast);
        await writeFileAtomic(file, `${JSON.stringify({ format: COUNTER_FORMAT, last: next })}\n`);
        return next;
      },
      this.lockOptions,
    );
  }

  /** Stores a batch's user list once, as `lists/<runId>/<listId>.json` (see RunStore.saveUserList). */
  async saveUserList(runId: string, listId: string, userIds: readonly string[]): Promise<void> {
    const file = this.listFileOf(runId, listId);
    checkUserList(userIds);
    await fs.mkdir(path.dirname(file), { recursive: true });
    if (await createFileAtomic(file, serializeUserList(runId, listId, userIds))) return;
    const held = await this.readUserList(runId, listId);
    if (!sameUsers(held, userIds)) throw new ConcurrencyError(`user list ${listId} of run ${runId}`);
  }

  /** A stored user list. */
  async readUserList(runId: string, listId: string): Promise<string[]> {
    const file = this.listFileOf(runId, listId);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingUserListError(runId, listId, path.dirname(file));
      throw e;
    }
    return parseUserList(text, runId, listId, file);
  }

  private listFileOf(runId: string, listId: string): string {
    return path.join(path.resolve(this.dir), 'lists', ...`${userListKey(runId, listId)}.json`.split('/'));
  }

  private async ensureDir(): Promise<void> {
    await fs.mkdir(this.runsDir, { recursive: true });
  }

  private async readFile(file: string): Promise<{ version: number; run: Run } | null> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new StorageCorruptError(file, text.trim() === '' ? 'the file is empty' : `not valid JSON (${errorMessage(e)})`);
    }
    const parsed = envelopeSchema.safeParse(json);
    if (!parsed.success) throw new StorageCorruptError(file, `not a stored run (${describeIssues(parsed.error)})`);
    return { version: parsed.data.version, run: parsed.data.run as Run };
  }
}

const COUNTER_FORMAT = 'license-migration-counter';
const counterSchema = z.object({ format: z.literal(COUNTER_FORMAT), last: z.number().int().min(0) });

/** The last number a counter file handed out; 0 when there is none yet. */
async function readCounter(file: string): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new StorageCorruptError(file, `not valid JSON (${errorMessage(e)})`);
  }
  const parsed = counterSchema.safeParse(json);
  if (!parsed.success) throw new StorageCorruptError(file, `not a counter (${describeIssues(parsed.error)})`);
  return parsed.data.last;
}

function serialize(version: number, run: Run): string {
  return `${JSON.stringify({ format: FORMAT, version, run }, null, 2)}\n`;
}
