import path from 'node:path';

/** Where runs and the journal live, parsed from the STORAGE setting. */
export type StorageSpec =
  { kind: 'file'; dir: string } | { kind: 'memory' } | { kind: 'blob'; connectionString: string; container: string };

export const DEFAULT_STORAGE = 'file:.data';
const EXPECTED = 'expected file:<dir>, memory: or blob:<connection string>|<container>';

export class StorageSpecError extends Error {
  constructor(problem: string) {
    super(`STORAGE: ${problem}`);
    this.name = 'StorageSpecError';
  }
}

/** Parses STORAGE; relative file dirs resolve against cwd. Messages never echo a connection string. */
export function parseStorageSpec(spec: string | undefined, cwd: string = process.cwd()): StorageSpec {
  const s = (spec ?? '').trim() || DEFAULT_STORAGE;
  const colon = s.indexOf(':');
  const scheme = colon > 0 ? s.slice(0, colon).toLowerCase() : '';
  const rest = colon > 0 ? s.slice(colon + 1) : '';
  switch (scheme) {
    case 'file': {
      if (rest.trim() === '') throw new StorageSpecError('file: needs a directory, e.g. file:.data');
      if (rest.includes('\0')) throw new StorageSpecError('the file: directory contains a NUL character');
      return { kind: 'file', dir: path.resolve(cwd, rest.trim()) };
    }
    case 'memory':
      if (rest.trim() !== '') throw new StorageSpecError('memory: takes nothing after the colon');
      return { kind: 'memory' };
    case 'blob':
      return parseBlob(rest);
    default: {
      const shown = scheme ? `'${scheme.slice(0, 20)}:'` : 'no scheme';
      throw new StorageSpecError(`${EXPECTED}; got ${shown}`);
    }
  }
}

function parseBlob(rest: string): StorageSpec {
  const bar = rest.lastIndexOf('|');
  if (bar < 0)
    throw new StorageSpecError('blob: needs <connection string>|<container>, e.g. blob:UseDevelopmentStorage=true|migration-runs');
  const connectionString = rest.slice(0, bar).trim();
  const container = rest.slice(bar + 1).trim();
  if (!connectionString) throw new StorageSpecError('blob: the connection string before | is empty');
  const fields = new Set(
    connectionString
      .split(';')
      .filter(Boolean)
      .map((kv) =>
        kv
          .slice(0, kv.indexOf('=') >>> 0)
          .trim()
          .toLowerCase(),
      ),
  );
  const usable = fields.has('usedevelopmentstorage') || fields.has('blobendpoint') || fields.has('accountname');
  if (!usable) {
    throw new StorageSpecError(
      'blob: the connection string needs AccountName=…;AccountKey=… (or BlobEndpoint=…;SharedAccessSignature=…, or UseDevelopmentStorage=true)',
    );
  }
  if (!/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(container)) {
    throw new StorageSpecError(
      `blob: container name ${JSON.stringify(container.slice(0, 70))} is invalid: use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`,
    );
  }
  return { kind: 'blob', connectionString, container };
}

/** A description safe for logs and cards: no keys or signatures. */
export function describeStorage(spec: StorageSpec): string {
  switch (spec.kind) {
    case 'file':
      return `file:${spec.dir}`;
    case 'memory':
      return 'memory:';
    case 'blob': {
      const get = (k: string) =>
        spec.connectionString
          .split(';')
          .find((kv) => kv.toLowerCase().startsWith(`${k.toLowerCase()}=`))
          ?.slice(k.length + 1);
      const account = /usedevelopmentstorage=true/i.test(spec.connectionString)
        ? 'devstoreaccount1'
        : (get('AccountName') ?? safeHost(get('BlobEndpoint')) ?? 'account');
      return `blob:${account}/${spec.container}`;
    }
  }
}

function safeHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
