/*
 * Defence in depth: the engine should never put credentials into the journal, but the
 * journal is kept forever and shown in reports, so it refuses anything that looks like one.
 */

const SECRET_KEY =
  /^pass$|password|passwd|passphrase|secret|token|authori[sz]ation|api[-_]?key|credential|connection[-_]?string|cookie|private[-_]?key|^key$|accountkey|sig$|signature/i;

const SECRET_VALUE = [
  /^bearer\s+\S/i, // an Authorization header value
  /^basic\s+[A-Za-z0-9+/=]{8,}$/i,
  /^ey[A-Za-z0-9_-]{8,}\.ey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/, // a JWT
  /AccountKey=|SharedAccessSignature=|[?&]sig=/i, // storage connection strings and SAS URLs
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

export class SecretInJournalError extends Error {
  constructor(public readonly path: string) {
    super(`journal entry refused: ${path} looks like a secret; journal entries must never hold credentials`);
    this.name = 'SecretInJournalError';
  }
}

/** Path (e.g. `detail.headers.authorization`) of the first secret-looking key or value, or null. */
export function findSecret(value: unknown, path = 'detail', depth = 0): string | null {
  if (depth > 20) return null;
  if (typeof value === 'string') return SECRET_VALUE.some((re) => re.test(value)) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findSecret(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k)) return `${path}.${k}`;
      const hit = findSecret(v, `${path}.${k}`, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

/** Throws SecretInJournalError when an entry's detail (or any other field) carries something secret-looking. */
export function assertNoSecrets(entry: { detail?: unknown } & Record<string, unknown>): void {
  const { detail, ...rest } = entry;
  const hit = (detail === undefined ? null : findSecret(detail, 'detail')) ?? findSecret(rest, 'entry');
  if (hit) throw new SecretInJournalError(hit);
}
