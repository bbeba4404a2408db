/** HTTP status of an Azure SDK RestError, if it is one. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** Storage error code (e.g. ConditionNotMet) of an Azure SDK RestError, if any. */
export function codeOf(e: unknown): string | undefined {
  const c = (e as { code?: unknown; details?: { errorCode?: unknown } })?.details?.errorCode ?? (e as { code?: unknown })?.code;
  return typeof c === 'string' ? c : undefined;
}

export class BlobStorageError extends Error {
  constructor(action: string, location: string, cause: unknown) {
    // Only status and code: SDK messages can carry request URLs with SAS signatures.
    const status = statusOf(cause);
    const code = codeOf(cause) ?? (cause as Error)?.name ?? 'error';
    super(`${action} failed at ${location}: ${status ? `HTTP ${status} ` : ''}${code}`);
    this.name = 'BlobStorageError';
  }
}
