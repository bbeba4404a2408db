import type { TokenCredential } from '@azure/identity';
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  type Context,
  type Middleware,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { rememberBodyText } from './bodyText';
import { GraphNetworkError, retryAfterSeconds } from './graphFailure';
import { Semaphore } from './semaphore';
import { WritePacer, type WritePacerOptions } from './writePacer';
import { errorMessage } from '../common/errorMessage';

export type GraphAuthMode = 'none' | 'clientSecret' | 'certificate' | 'managedIdentity';

export interface GraphClientOptions {
  /** Graph root including the version, e.g. https://graph.microsoft.com/v1.0 or http://127.0.0.1:5050/v1.0 */
  baseUrl: string;
  auth: GraphAuthMode;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  certificatePath?: string;
  managedIdentityClientId?: string;
  /** Maximum HTTP requests in flight at once over the whole client (default 8). */
  concurrency?: number;
  /** A request with no complete response after this long fails as 'timeout' (default 30 000 ms). */
  requestTimeoutMs?: number;
  /** Retries of one request on 429/503/504 by the SDK RetryHandler (default 6). */
  maxRetries?: number;
  /** Backoff seconds when a 429/503 carries no Retry-After (default 3). */
  retryDelaySeconds?: number;
  /** Replaces global fetch (tests count in-flight requests with it). */
  fetch?: typeof fetch;
  /** Tuning of the write pacer that takes over after the first 429 on a write. */
  writePacing?: WritePacerOptions;
  /** Supplies a credential instead of building one from auth (tests, or custom credential chains). */
  credential?: TokenCredential;
}

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Where requests go: `root` is origin + any path prefix without the version, `version` the last path segment. */
export interface GraphEndpoint {
  root: string;
  version: string;
  /** root + '/' + version, no trailing slash */
  base: string;
}

/** Splits GRAPH_BASE_URL into the SDK's baseUrl and defaultVersion; rejects anything that is not http(s). */
export function parseGraphBaseUrl(baseUrl: string): GraphEndpoint {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`Graph base URL "${baseUrl}" is not a URL; expected e.g. https://graph.microsoft.com/v1.0`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Graph base URL must be http or https, got ${url.protocol}`);
  }
  if (url.search || url.hash) throw new Error('Graph base URL must not carry a query or fragment');
  const segments = url.pathname.split('/').filter(Boolean);
  const version = segments.pop() ?? 'v1.0';
  const root = url.origin + (segments.length ? `/${segments.join('/')}` : '');
  return { root, version, base: `${root}/${version}` };
}

function credentialFor(o: GraphClientOptions): TokenCredential {
  if (o.credential) return o.credential;
  const need = (name: keyof GraphClientOptions): string => {
    const v = o[name];
    if (typeof v !== 'string' || v === '') throw new Error(`Graph auth '${o.auth}' needs ${name}`);
    return v;
  };
  switch (o.auth) {
    case 'clientSecret':
      return new ClientSecretCredential(need('tenantId'), need('clientId'), need('clientSecret'));
    case 'certificate':
      return new ClientCertificateCredential(need('tenantId'), need('clientId'), need('certificatePath'));
    case 'managedIdentity':
      return o.managedIdentityClientId
        ? new ManagedIdentityCredential({ clientId: o.managedIdentityClientId })
        : new ManagedIdentityCredential();
    default:
      throw new Error(`unknown Graph auth mode '${String(o.auth)}'`);
  }
}

/**
 * Last link of the chain: one HTTP attempt under the concurrency limit and a per-attempt timeout.
 * The body is read here so a response that stalls mid-body also counts as a timeout and holds its slot.
 */
class LimitedFetchHandler implements Middleware {
  constructor(
    private readonly limiter: Semaphore,
    private readonly timeoutMs: number,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async execute(context: Context): Promise<void> {
    const release = await this.limiter.acquire();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    const method = (context.options?.method ?? (context.request instanceof Request ? context.request.method : 'GET')).toUpperCase();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await this.fetchImpl(context.request, { ...(context.options as RequestInit), signal: abort.signal });
          const text = await res.text();
          const response = new Response(text === '' ? null : lazyBody(text), {
            status: res.status,
            statusText: res.statusText,
            headers: res.headers,
          });
          rememberBodyText(response, text);
          context.response = response;
          return;
        } catch (err) {
          // A kept-alive connection the server closed while this process was busy (a long synchronous step) fails at
          // once: a read goes again, on a new connection. A write never does; only a re-read tells whether it landed.
          if (!abort.signal.aborted && method === 'GET' && attempt === 1) {
            // One turn of the event loop first, so other connections the server closed meanwhile are seen closed too.
            await new Promise((resolve) => setImmediate(resolve));
            continue;
          }
          const why = abort.signal.aborted ? `no response within ${this.timeoutMs} ms` : `connection failed: ${errorMessage(err)}`;
          throw new GraphNetworkError(why);
        }
      }
    } finally {
      clearTimeout(timer);
      release();
    }
  }
}

/** A body encoded only if someone reads it: GraphHttp takes the text itself (bodyText), so a page is not encoded again. */
function lazyBody(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
}

/**
 * Paces single (non-$batch) writes through the shared WritePacer, once per attempt so the RetryHandler's resends wait too,
 * and reports every 429 on a write — including a whole $batch refused — so the next writes are held back.
 */
class WritePacingHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly pacer: WritePacer) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const method = (context.options?.method ?? (typeof context.request === 'string' ? 'GET' : context.request.method)).toUpperCase();
    if (method === 'GET' || method === 'HEAD') return this.next!.execute(context);
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    // $batch envelopes are paced per inner write by the batch helper; one of only reads is no write signal.
    const envelope = url.split('?')[0].endsWith('/$batch');
    if (envelope && writesInEnvelope(context.options?.body) === 0) return this.next!.execute(context);
    const sentAt = envelope ? this.pacer.clock() : await this.pacer.acquire(1);
    await this.next!.execute(context);
    const status = context.response?.status ?? 0;
    if (status === 429) {
      const refused = envelope ? writesInEnvelope(context.options?.body) : 1;
      this.pacer.onThrottled(sentAt, retryAfterSeconds(context.response?.headers), this.pacer.clock(), envelope ? 0 : undefined, refused);
    } else if (!envelope && status >= 200 && status < 300) this.pacer.onSuccess(1);
  }
}

/**
 * The RetryHandler's question before it resends: a user license write answered 502/504 may already have taken
 * effect, and a blind resend of a removal skips the re-check a changed user needs; the caller re-reads instead.
 * (A group's license assignment states the whole desired state, so resending it is harmless.)
 */
function mayReplay(_delay: number, _attempt: number, request: RequestInfo, options: RequestInit | undefined, response: Response): boolean {
  if (response.status !== 502 && response.status !== 504) return true;
  const method = (options?.method ?? (typeof request === 'string' ? 'GET' : request.method)).toUpperCase();
  if (method === 'GET') return true;
  const url = typeof request === 'string' ? request : request.url;
  if (/\/users\/[^/]+\/assignLicense$/i.test(url.split('?')[0])) return false;
  return !(url.split('?')[0].endsWith('/$batch') && licenseWritesIn(options?.body));
}

function licenseWritesIn(body: unknown): boolean {
  try {
    const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { requests?: { method?: string; url?: string }[] } | null;
    const requests = parsed?.requests;
    if (!Array.isArray(requests)) return true;
    return requests.some(
      (r) => String(r?.method ?? 'GET').toUpperCase() !== 'GET' && /\/users\/[^/]+\/assignLicense(\?|$)/i.test(String(r?.url ?? '')),
    );
  } catch {
    return true;
  }
}

/** Non-GET requests inside a $batch body (unknown bodies count as writes, the safe side). */
function writesInEnvelope(body: unknown): number {
  try {
    const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { requests?: { method?: string }[] } | null;
    const requests = parsed?.requests;
    if (!Array.isArray(requests)) return 1;
    return requests.filter((r) => String(r?.method ?? 'GET').toUpperCase() !== 'GET').length;
  } catch {
    return 1;
  }
}

/** Graph SDK client with auth, Retry-After-honouring retries, a concurrency limit and request timeouts. */
export function createGraphClient(options: GraphClientOptions): {
  client: Client;
  endpoint: GraphEndpoint;
  limiter: Semaphore;
  pacer: WritePacer;
} {
  const endpoint = parseGraphBaseUrl(options.baseUrl);
  const limiter = new Semaphore(options.concurrency ?? 8);
  const pacer = new WritePacer(options.writePacing);
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  if (!(timeoutMs > 0)) throw new Error(`request timeout must be > 0 ms, got ${timeoutMs}`);

  const chain: Middleware[] = [];
  const host = new URL(endpoint.root).hostname;
  if (options.auth !== 'none') {
    // The SDK attaches tokens only over https; refusing http here keeps a token from ever being sent in clear text.
    if (!endpoint.root.startsWith('https://'))
      throw new Error(`Graph auth '${options.auth}' needs an https base URL, got ${endpoint.root}`);
    const provider = new TokenCredentialAuthenticationProvider(credentialFor(options), { scopes: [GRAPH_SCOPE] });
    chain.push(new AuthenticationHandler(provider));
  }
  chain.push(new RetryHandler(new RetryHandlerOptions(options.retryDelaySeconds ?? 3, options.maxRetries ?? 6, mayReplay)));
  chain.push(new WritePacingHandler(pacer));
  chain.push(new TelemetryHandler());
  chain.push(new LimitedFetchHandler(limiter, timeoutMs, options.fetch ?? fetch));

  const client = Client.initWithMiddleware({
    middleware: chain,
    baseUrl: endpoint.root,
    defaultVersion: endpoint.version,
    customHosts: new Set([host]),
  });
  return { client, endpoint, limiter, pacer };
}
