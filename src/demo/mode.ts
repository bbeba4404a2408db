/**
 * What `npm start` runs, decided from the environment alone:
 * - `simulated`: nothing configured → simulator + bot + Agents Playground;
 * - `externalGraph`: GRAPH_BASE_URL is a plain-http endpoint (a simulator already running) → bot + Playground;
 * - `tenant`: Graph or bot credentials configured → the bot against the real tenant, plus the Playground
 *   only when there is no bot registration (MicrosoftAppId) to reach it through Teams.
 */
export type DemoMode =
  | { kind: 'simulated' }
  | { kind: 'externalGraph'; graphBaseUrl: string; playground: true }
  | { kind: 'tenant'; playground: boolean; reasons: string[] };

const CREDENTIAL_VARS = [
  'GRAPH_CLIENT_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_CERTIFICATE_PATH',
  'GRAPH_MANAGED_IDENTITY_CLIENT_ID',
  'MicrosoftAppId',
] as const;

const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** Decides the demo's shape; a copied `.env.example` (empty values) still means "simulated". */
export function chooseDemoMode(env: NodeJS.ProcessEnv): DemoMode {
  const reasons: string[] = CREDENTIAL_VARS.filter((k) => set(env[k]));
  if (env.GRAPH_AUTH === 'managedIdentity') reasons.push('GRAPH_AUTH=managedIdentity');
  if (reasons.length > 0) return { kind: 'tenant', playground: !set(env.MicrosoftAppId), reasons };
  const base = env.GRAPH_BASE_URL;
  if (set(base) && base.trim().startsWith('http://')) return { kind: 'externalGraph', graphBaseUrl: base.trim(), playground: true };
  return { kind: 'simulated' };
}

/** Reads a port variable, or the default; a bad value is a clear error naming the variable. */
export function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!set(raw)) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name}: expected a port number 0–65535 (0 = any free port)`);
  return n;
}
