import type { GraphFailure, GraphFailureKind } from './types';
import { GraphRequestError } from './types';

/** Name of the error the transport throws when no response arrived (dropped connection or timeout). */
export const NETWORK_ERROR_NAME = 'GraphNetworkError';

/** Thrown by the transport when a request got no (complete) response: the change may have been applied. */
export class GraphNetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = NETWORK_ERROR_NAME;
  }
}

type HeaderSource = Headers | Record<string, string | undefined> | undefined | null;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, string | undefined>)) {
    if (k.toLowerCase() === wanted && v !== undefined) return String(v);
  }
  return undefined;
}

/** Retry-After as seconds; accepts fractional seconds and HTTP dates. */
export function retryAfterSeconds(headers: HeaderSource): number | undefined {
  const raw = header(headers, 'retry-after');
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (Number.isFinite(n)) return Math.max(0, n);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

interface ErrorBody {
  code: string;
  message: string;
  requestId?: string;
}

function readErrorBody(body: unknown): ErrorBody {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return { code: '', message: body.slice(0, 500) };
    }
  }
  const err = (parsed as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } } | null)?.error;
  if (!err || typeof err !== 'object') return { code: '', message: '' };
  const inner = err.innerError;
  return {
    code: typeof err.code === 'string' ? err.code : '',
    message: typeof err.message === 'string' ? err.message : '',
    requestId: inner && typeof inner['request-id'] === 'string' ? (inner['request-id'] as string) : undefined,
  };
}

// Graph reports licensing rule violations only as 400 Request_BadRequest with prose, so the prose is the contract here.
const messageRules: [RegExp, GraphFailureKind][] = [
  [/inherited from a group membership/i, 'inheritedOnly'],
  [/does not have any available licenses/i, 'noFreeUnits'],
  [/invalid usage location/i, 'usageLocationMissing'],
  [/not available in usage location/i, 'usageLocationProhibited'],
  [/does not have a corresponding license/i, 'notAssigned'],
  [/mutually exclusive/i, 'mutuallyExclusive'],
  [/depends on the service plan|make sure that the group has necessary services/i, 'dependency'],
  [/already exist/i, 'alreadyMember'],
];

const codeRules: Record<string, GraphFailureKind> = {
  Request_ResourceNotFound: 'notFound',
  ResourceNotFound: 'notFound',
  Authorization_RequestDenied: 'forbidden',
  InvalidAuthenticationToken: 'unauthorized',
  TooManyRequests: 'throttled',
};

function kindForStatus(status: number): GraphFailureKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 408) return 'timeout';
  if (status === 429) return 'throttled';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  if (status >= 400 && status < 500) return 'badRequest';
  return 'unknown';
}

function fromError(error: unknown): GraphFailure {
  if (error instanceof GraphRequestError) return error.failure;
  const e = error as { name?: string; code?: string; message?: string; statusCode?: number; body?: unknown; headers?: HeaderSource };
  if (typeof e?.statusCode === 'number' && e.statusCode > 0) return toGraphFailure(e.statusCode, e.body, e.headers);
  const network = e?.name === NETWORK_ERROR_NAME || e?.code === NETWORK_ERROR_NAME;
  const text = String(e?.message || (typeof e?.body === 'string' ? e.body : '') || error);
  if (network || /abort|timed? ?out|socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|fetch failed|network/i.test(text)) {
    return { kind: 'timeout', status: 0, code: NETWORK_ERROR_NAME, message: text.replace(/^GraphNetworkError: /, '') };
  }
  return { kind: 'unknown', status: 0, code: e?.code ?? e?.name ?? 'Error', message: text };
}

/**
 * The one place that turns a Graph response or transport error into a named failure.
 * Pass (status, body, headers) for an HTTP answer, or (error) for anything thrown.
 */
export function toGraphFailure(statusOrError: number | unknown, body?: unknown, headers?: HeaderSource): GraphFailure {
  if (typeof statusOrError !== 'number') return fromError(statusOrError);
  const status = statusOrError;
  const { code, message, requestId: bodyRequestId } = readErrorBody(body);
  const requestId = bodyRequestId ?? header(headers, 'request-id') ?? header(headers, 'client-request-id');
  let kind: GraphFailureKind | undefined;
  if (status === 429 || status === 401 || status === 403 || status === 502 || status === 503 || status === 504) {
    kind = kindForStatus(status);
  } else {
    kind = messageRules.find(([re]) => re.test(message))?.[1] ?? codeRules[code] ?? kindForStatus(status);
  }
  const failure: GraphFailure = { kind, status, code: code || `HTTP${status}`, message: message || `HTTP ${status}` };
  const after = retryAfterSeconds(headers);
  if (after !== undefined && (kind === 'throttled' || kind === 'unavailable')) failure.retryAfterSeconds = after;
  if (requestId) failure.requestId = requestId;
  return failure;
}

/** Whether a failure may succeed if the same request is sent again later. */
export function isTransient(failure: GraphFailure): boolean {
  return failure.kind === 'throttled' || failure.kind === 'unavailable';
}

/** A GraphRequestError for input rejected before anything was sent. */
export function invalidInput(message: string): GraphRequestError {
  return new GraphRequestError({ kind: 'badRequest', status: 0, code: 'InvalidInput', message });
}
