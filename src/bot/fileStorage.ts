import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';

/**
 * botbuilder `Storage` over a directory of JSON files, one per key, so conversation state and
 * the bot's message ids survive restarts with `STORAGE=file:<dir>` (the engine keeps its own files).
 * eTags follow MemoryStorage's rules: '*' or a missing eTag overwrites, otherwise it must match.
 */
export class FileStorage implements Storage {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const item = await this.load(key);
      if (item !== undefined) items[key] = item;
    }
    return items;
  }

  write(changes: StoreItems): Promise<void> {
    // Serialised so the eTag check and the write of one key cannot interleave inside this process.
    const next = this.writing.then(async () => {
      await fs.mkdir(this.dir, { recursive: true });
      for (const [key, value] of Object.entries(changes)) {
        const current = await this.load(key);
        const wanted = (value as { eTag?: string }).eTag;
        if (current && wanted && wanted !== '*' && current.eTag !== wanted) {
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
        const stored = { ...value, eTag: randomUUID() };
        const file = this.fileOf(key);
        const tmp = `${file}.${process.pid}.tmp`;
        await fs.writeFile(tmp, JSON.stringify({ key, value: stored }), 'utf8');
        await fs.rename(tmp, file);
      }
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await fs.rm(this.fileOf(key), { force: true });
  }

  private async load(key: string): Promise<Record<string, unknown> | undefined> {
    try {
      const text = await fs.readFile(this.fileOf(key), 'utf8');
      return (JSON.parse(text) as { value: Record<string, unknown> }).value;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private fileOf(key: string): string {
    // Keys hold conversation ids with characters no file system likes; a hash keeps names safe.
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  }
}
