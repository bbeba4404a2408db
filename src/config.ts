import { z } from 'zod';
import { GUID_PATTERN, isGuid } from './common/ids';

/** Every environment variable the bot reads, parsed in one place. */
const guid = z.string().regex(GUID_PATTERN, 'a GUID like 00000000-0000-0000-0000-000000000000');

const guidList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(guid));

const storage = z.string().refine((s) => s.startsWith('file:') || s.startsWith('memory:') || /^blob:.+\|.+$/.test(s), {
  message: 'file:<dir>, memory: or blob:<connection string>|<container>',
});

const DURATION_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_MESSAGE = 'a duration such as 30m, 12h or 1d (from 1m to 30d), or off';

/** A duration in minutes, hours or days (e.g. `12h`) as milliseconds; `off` is null. */
const duration = z
  .string()
  .trim()
  .toLowerCase()
  .refine((s) => s === 'off' || /^[1-9][0-9]{0,5}[mhd]$/.test(s), { message: DURATION_MESSAGE })
  .transform((s) => (s === 'off' ? null : Number(s.slice(0, -1)) * DURATION_UNITS[s.slice(-1)]))
  .refine((ms) => ms === null || (ms >= 60_000 && ms <= 30 * 86_400_000), { message: DURATION_MESSAGE });

const QUIET_DAYS_MESSAGE = 'a whole number of days from 1 to 365';

const boolFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3978),
    // Every interface: in a container or on App Service the platform's front end must reach the bot.
    HOST: z
      .string()
      .regex(/^[0-9A-Za-z.:-]{1,253}$/, 'a host name or IP address, e.g. 0.0.0.0 or 127.0.0.1')
      .default('0.0.0.0'),
    LEASE_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
    SWEEP_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
    GRAPH_BASE_URL: z.string().url().default('https://graph.microsoft.com/v1.0'),
    GRAPH_AUTH: z.enum(['none', 'clientSecret', 'certificate', 'managedIdentity']).optional(),
    GRAPH_TENANT_ID: guid.optional(),
    GRAPH_CLIENT_ID: guid.optional(),
    GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
    GRAPH_CERTIFICATE_PATH: z.string().min(1).optional(),
    GRAPH_MANAGED_IDENTITY_CLIENT_ID: guid.optional(),
    GRAPH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    MicrosoftAppId: z.string().default(''),
    MicrosoftAppPassword: z.string().default(''),
    MicrosoftAppTenantId: z.string().default(''),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).default(''),
    ALLOWED_TENANT_IDS: guidList.default([]),
    APPROVER_IDS: guidList.default([]),
    APPROVER_GROUP_ID: guid.optional(),
    APPROVAL_QUORUM: z.coerce.number().int().min(1).max(10).default(1),
    FOUR_EYES: boolFlag.optional(),
    STORAGE: storage.default('file:.data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CANARY_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
    MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(100000).default(1000),
    COVERAGE: z
      .enum(['union', 'run-group'], {
        error:
          "union (a direct assignment is covered by all the user's active group paths together, the default) or run-group (only the run's own group counts)",
      })
      .default('union'),
    // After a run completes: how often its SKU is checked for drift, and the quiet period before retiring the automation.
    DRIFT_CHECK_INTERVAL: duration.default(86_400_000),
    DRIFT_QUIET_DAYS: z.coerce
      .number({ message: QUIET_DAYS_MESSAGE })
      .int({ message: QUIET_DAYS_MESSAGE })
      .min(1, { message: QUIET_DAYS_MESSAGE })
      .max(365, { message: QUIET_DAYS_MESSAGE })
      .default(30),
  })
  .superRefine((c, ctx) => {
    const auth = c.GRAPH_AUTH ?? (c.GRAPH_BASE_URL.startsWith('http://') ? 'none' : undefined);
    if (auth === 'clientSecret' && !(c.GRAPH_TENANT_ID && c.GRAPH_CLIENT_ID && c.GRAPH_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['GRAPH_CLIENT_SECRET'],
        message: 'GRAPH_AUTH=clientSecret needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET',
      });
    }
    if (auth === 'certificate' && !(c.GRAPH_TENANT_ID && c.GRAPH_CLIENT_ID && c.GRAPH_CERTIFICATE_PATH)) {
      ctx.addIssue({
        code: 'custom',
        path: ['GRAPH_CERTIFICATE_PATH'],
        message: 'GRAPH_AUTH=certificate needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CERTIFICATE_PATH',
      });
    }
    if (c.MicrosoftAppType && c.MicrosoftAppType !== 'UserAssignedMSI' && c.MicrosoftAppId && !c.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'MicrosoftAppId is set, so MicrosoftAppPassword is required',
      });
    }
  });

export type Config = z.infer<typeof configSchema> & {
  /** Resolved Graph authentication mode: 'none' only for plain-http endpoints (the simulator). */
  graphAuth: 'none' | 'clientSecret' | 'certificate' | 'managedIdentity';
  /** Graph is the local simulator (plain http, no credential): decided once, here. */
  graphSimulated: boolean;
  /** Whether the requester of a run must be joined by another approver. */
  fourEyes: boolean;
};

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming each bad variable and what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? 'environment');
        // Never echo a value back: it may be a secret.
        return `${name}: expected ${i.message}`;
      }),
    );
  }
  const c = parsed.data;
  const graphAuth = c.GRAPH_AUTH ?? (c.GRAPH_BASE_URL.startsWith('http://') ? 'none' : 'clientSecret');
  if (graphAuth === 'clientSecret' && !(c.GRAPH_TENANT_ID && c.GRAPH_CLIENT_ID && c.GRAPH_CLIENT_SECRET)) {
    throw new ConfigError([
      `GRAPH_AUTH: expected GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET for ${c.GRAPH_BASE_URL} (or GRAPH_AUTH=certificate|managedIdentity)`,
    ]);
  }
  const graphSimulated = graphAuth === 'none';
  const config: Config = { ...c, graphAuth, graphSimulated, fourEyes: c.FOUR_EYES ?? !graphSimulated };
  return graphSimulated ? config : failClosed(config);
}

/**
 * Against a real tenant nothing is open by default: approvers must be named, the tenants allowed to use the bot
 * default to the app's own, and Bot Framework authentication is required (without it, who clicked and from which
 * tenant are whatever the caller says). Only the simulator keeps the easy defaults of the demo.
 */
function failClosed(c: Config): Config {
  const issues: string[] = [];
  if (!c.MicrosoftAppId) {
    issues.push(
      `MicrosoftAppId: expected the bot's app id: without Bot Framework authentication anyone could act as an approver of a real tenant (${c.GRAPH_BASE_URL})`,
    );
  }
  if (c.APPROVER_IDS.length === 0 && !c.APPROVER_GROUP_ID) {
    issues.push(
      'APPROVER_IDS: expected the object ids of the approvers (or APPROVER_GROUP_ID, a group of them); with neither, nobody may approve a removal',
    );
  }
  const ownTenant = [c.MicrosoftAppTenantId, c.GRAPH_TENANT_ID].find((t) => isGuid(t));
  const allowed = c.ALLOWED_TENANT_IDS.length ? c.ALLOWED_TENANT_IDS : ownTenant ? [ownTenant] : [];
  if (allowed.length === 0) {
    issues.push(
      'ALLOWED_TENANT_IDS: expected the tenant ids allowed to use the bot (it defaults to MicrosoftAppTenantId or GRAPH_TENANT_ID, and neither is set)',
    );
  }
  if (issues.length) throw new ConfigError(issues);
  return { ...c, ALLOWED_TENANT_IDS: allowed.map((t) => t.toLowerCase()) };
}

/** The safety rules in force, one line each, for the start-up banner (ids and names only, never a secret). */
export function rulesInForce(c: Config): string[] {
  return [
    c.graphSimulated
      ? `Graph: the simulator at ${c.GRAPH_BASE_URL} (demo defaults)`
      : `Graph: ${c.GRAPH_BASE_URL} as app ${c.GRAPH_CLIENT_ID ?? '(managed identity)'} (${c.graphAuth})`,
    c.MicrosoftAppId
      ? `Bot Framework authentication: on (app ${c.MicrosoftAppId})`
      : 'Bot Framework authentication: off (local mode; simulator only)',
    c.APPROVER_IDS.length || c.APPROVER_GROUP_ID
      ? `Approvers: ${[c.APPROVER_IDS.length ? `${c.APPROVER_IDS.length} named in APPROVER_IDS` : '', c.APPROVER_GROUP_ID ? `members of group ${c.APPROVER_GROUP_ID}` : ''].filter(Boolean).join(' and ')}`
      : 'Approvers: anyone in the conversation (simulator only)',
    c.ALLOWED_TENANT_IDS.length ? `Allowed tenants: ${c.ALLOWED_TENANT_IDS.join(', ')}` : 'Allowed tenants: any (simulator only)',
    `Four-eyes rule: ${c.fourEyes ? 'on' : 'off'}; approvals per batch: ${c.APPROVAL_QUORUM}`,
    `Coverage: ${c.COVERAGE === 'union' ? "union (the user's other Active group paths count alongside the run's group)" : "run-group (only the run's own group counts)"}`,
  ];
}
