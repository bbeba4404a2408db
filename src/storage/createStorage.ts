import type { Journal, RunStore } from '../migration/store';
import { FileJournal } from './fileJournal';
import { FileRunStore } from './fileRunStore';
import type { StorageLogger } from './logger';
import { MemoryJournal, MemoryRunStore } from './memory';
import { describeStorage, parseStorageSpec, type StorageSpec } from './storageSpec';

/** The stores for one STORAGE setting, plus where they live so the bot can put its own state next to them. */
export interface Storage {
  runs: RunStore;
  journal: Journal;
  kind: StorageSpec['kind'];
  /** Safe to log: never contains a key or signature. */
  location: string;
  /** The parsed setting; for blob it holds the connection string, which is a secret. */
  spec: StorageSpec;
}

export interface CreateStorageOptions {
  logger?: StorageLogger;
  cwd?: string;
}

/** Builds the run store and journal named by STORAGE (`file:<dir>` default, `memory:`, `blob:<cs>|<container>`). */
export async function createStorage(spec: string | undefined, options: CreateStorageOptions = {}): Promise<Storage> {
  const parsed = parseStorageSpec(spec, options.cwd);
  const location = describeStorage(parsed);
  switch (parsed.kind) {
    case 'file':
      return {
        runs: new FileRunStore(parsed.dir),
        journal: new FileJournal(parsed.dir, { logger: options.logger }),
        kind: 'file',
        location,
        spec: parsed,
      };
    case 'memory':
      return { runs: new MemoryRunStore(), journal: new MemoryJournal(), kind: 'memory', location, spec: parsed };
    case 'blob': {
      // Loaded only when used, so file and memory setups never load the Azure SDK.
      const { openBlobStorage } = await import('./blobStorage');
      const { runs, journal } = await openBlobStorage(parsed.connectionString, parsed.container, location, options.logger);
      return { runs, journal, kind: 'blob', location, spec: parsed };
    }
  }
}
