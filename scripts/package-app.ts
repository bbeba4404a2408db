/**
 * `npm run package`: fills appPackage/manifest.json from the environment, checks it against the
 * Teams v1.30 schema and writes appPackage/build/appPackage.zip (manifest + both icons).
 * Env: MicrosoftAppId or BOT_ID (required, GUID), TEAMS_APP_ID (GUID, default: the bot id),
 * BOT_DOMAIN (host name of the bot endpoint, optional), APP_VERSION (default: package.json version).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';

export const APP_DIR = path.resolve(__dirname, '..', 'appPackage');
export const DEFAULT_OUT_FILE = path.join(APP_DIR, 'build', 'appPackage.zip');
export const MANIFEST_SCHEMA = '@microsoft/app-manifest/build/json-schemas/teams/v1.30/MicrosoftTeams.schema.json';
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HOST =
  /^(?=.{1,253}$)(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:\d{1,5})?$/;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** A refusal the user can act on; printed without a stack trace. */
export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

export type PackageEnv = Record<string, string | undefined>;

/** The values that replace the manifest's ${{NAME}} placeholders, checked one by one. */
export function manifestValues(env: PackageEnv): Record<string, string> {
  const botId = (env.MicrosoftAppId || env.BOT_ID || '').trim();
  if (!botId) {
    throw new PackageError("No bot id: set MicrosoftAppId (or BOT_ID) to the Azure Bot's Microsoft App ID, a GUID.");
  }
  if (!GUID.test(botId)) {
    throw new PackageError(
      `The bot id '${botId.slice(0, 60)}' (MicrosoftAppId / BOT_ID) is not a GUID, e.g. 00000000-0000-0000-0000-000000000000.`,
    );
  }
  const appId = (env.TEAMS_APP_ID || botId).trim();
  if (!GUID.test(appId)) throw new PackageError(`TEAMS_APP_ID '${appId.slice(0, 60)}' is not a GUID.`);
  const domain = (env.BOT_DOMAIN ?? '')
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/.*$/, '');
  if (domain && !HOST.test(domain)) throw new PackageError(`BOT_DOMAIN '${domain.slice(0, 60)}' is not a host name, e.g. bot.contoso.com.`);
  const version = (env.APP_VERSION || readPackageVersion()).trim();
  if (!SEMVER.test(version)) throw new PackageError(`APP_VERSION '${version.slice(0, 60)}' is not a version like 1.2.3.`);
  return { BOT_ID: botId, TEAMS_APP_ID: appId, BOT_DOMAIN: domain, APP_VERSION: version };
}

function readPackageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '1.0.0';
}

/** Replaces every ${{NAME}} in the manifest template; an unknown placeholder is an error, not a blank. */
export function fillManifest(template: string, values: Record<string, string>): Record<string, unknown> {
  const filled = template.replace(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    if (!(name in values)) throw new PackageError(`manifest.json uses \${{${name}}}, which the package script does not know.`);
    // Values go into JSON strings: escape them as such.
    return JSON.stringify(values[name]).slice(1, -1);
  });
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  if (Array.isArray(manifest.validDomains)) {
    // An unset BOT_DOMAIN leaves an empty entry; Teams rejects empty domains.
    manifest.validDomains = [...new Set((manifest.validDomains as string[]).filter((d) => d !== ''))];
  }
  return manifest;
}

let compiled: ValidateFunction | undefined;

/** Validates a manifest against the Teams v1.30 schema shipped in @microsoft/app-manifest. */
export function validateManifest(manifest: unknown): string[] {
  if (!compiled) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = require(MANIFEST_SCHEMA) as object;
    const ajv = new Ajv04({ strict: false, allErrors: true });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  const validate = compiled;
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export interface BuiltPackage {
  outFile: string;
  manifest: Record<string, unknown>;
}

/** Builds the zip; refuses (PackageError) before writing anything when a value or the manifest is wrong. */
export async function buildAppPackage(env: PackageEnv, opts: { appDir?: string; outFile?: string } = {}): Promise<BuiltPackage> {
  const appDir = opts.appDir ?? APP_DIR;
  const outFile = opts.outFile ?? DEFAULT_OUT_FILE;
  const values = manifestValues(env);
  const manifest = fillManifest(fs.readFileSync(path.join(appDir, 'manifest.json'), 'utf8'), values);
  const problems = validateManifest(manifest);
  if (problems.length > 0) {
    throw new PackageError(`The filled manifest does not match the Teams v1.30 schema:\n  ${problems.slice(0, 10).join('\n  ')}`);
  }
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const icon of ['color.png', 'outline.png']) {
    const file = path.join(appDir, icon);
    if (!fs.existsSync(file)) throw new PackageError(`${file} is missing; run: npx tsx scripts/make-icons.ts`);
    zip.file(icon, fs.readFileSync(file));
  }
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, bytes);
  return { outFile, manifest };
}

if (require.main === module) {
  buildAppPackage(process.env).then(
    ({ outFile, manifest }) => {
      const bot = (manifest.bots as { botId: string }[])[0];
      console.log(`Wrote ${path.relative(process.cwd(), outFile)} (bot ${bot.botId}, version ${String(manifest.version)}).`);
      console.log('Upload it in Teams: Apps > Manage your apps > Upload an app.');
    },
    (err: unknown) => {
      console.error(err instanceof PackageError ? `Cannot package the app: ${err.message}` : err);
      process.exitCode = 1;
    },
  );
}
