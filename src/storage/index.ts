/** Persistence of runs and the journal: memory, file and (optionally) Azure Blob backends. */
export { createStorage, type Storage, type CreateStorageOptions } from './createStorage';
export { parseStorageSpec, describeStorage, StorageSpecError, DEFAULT_STORAGE, type StorageSpec } from './storageSpec';
export { MemoryRunStore, MemoryJournal } from './memory';
export { FileRunStore } from './fileRunStore';
export { FileJournal, type FileJournalOptions, type JournalReadResult } from './fileJournal';
export { StorageCorruptError, InvalidIdError } from './schemas';
export { SecretInJournalError, findSecret } from './secrets';
export { InvalidRecordError } from './validate';
export { LockTimeoutError } from './fileLock';
export type { StorageLogger } from './logger';
export { BlobRunStore } from './blobRunStore';
export { BlobJournal, type BlobJournalOptions } from './blobJournal';
export { BlobStorageError } from './blobErrors';
