/** Readers for the deployment files (Bicep, env files, toolkit yml), small and strict, shared by test/deploy. */
import fs from 'node:fs';
import path from 'node:path';
import { parseMiniYaml } from './miniYaml';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const read = (file: string): string => fs.readFileSync(path.join(repoRoot, file), 'utf8');

/** `${{NAME}}` placeholders of the toolkit, in order of appearance. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]);
}

/** KEY=value lines of a dotenv file (comments and blank lines skipped); values unquoted as dotenv does. */
export function readEnvFile(file: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const [index, raw] of read(file).split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`${file}:${index + 1} is not KEY=value: ${line}`);
    if (env.has(m[1])) throw new Error(`${file}:${index + 1} defines ${m[1]} twice`);
    env.set(m[1], m[2].replace(/^(['"])(.*)\1$/, '$2'));
  }
  return env;
}

export interface BicepParam {
  name: string;
  type: string;
  /** The default's source text, if any. */
  defaultExpr?: string;
  allowed?: string[];
}

export interface Bicep {
  params: Map<string, BicepParam>;
  vars: Map<string, string>;
  outputs: string[];
  appSettings: { name: string; value: string }[];
  /** `siteConfig` properties written on one line, e.g. appCommandLine → 'npm run bot'. */
  siteConfig: Map<string, string>;
}

export function readBicep(file = 'infra/azure.bicep'): Bicep {
  const text = read(file);
  const params = new Map<string, BicepParam>();
  // Decorators above a param (an @allowed([...]) list spans several lines).
  const paramRe = /((?:@\w+\((?:[^()]|\([^()]*\))*\)\s*)*)param (\w+) (\w+)(?: = ([^\n]+))?/g;
  for (const m of text.matchAll(paramRe)) {
    const allowedList = /@allowed\(\[([^\]]*)\]\)/.exec(m[1]);
    const allowed = allowedList ? [...allowedList[1].matchAll(/'([^']*)'/g)].map((a) => a[1]) : undefined;
    params.set(m[2], { name: m[2], type: m[3], defaultExpr: m[4]?.trim(), allowed });
  }
  const vars = new Map<string, string>();
  for (const m of text.matchAll(/^var (\w+) = ([^\n]+)$/gm)) vars.set(m[1], m[2].trim());
  const outputs = [...text.matchAll(/^output (\w+) \w+ = /gm)].map((m) => m[1]);
  const block = /appSettings: \[([\s\S]*?)\n\s*\]/.exec(text);
  if (!block) throw new Error(`${file} has no appSettings block`);
  const appSettings = [...block[1].matchAll(/\{\s*name: '([^']+)'\s*value: ([^\n]+?)\s*(?:\/\/[^\n]*)?\n\s*\}/g)].map((m) => ({
    name: m[1],
    value: m[2],
  }));
  const entries = (block[1].match(/\{/g) ?? []).length;
  if (entries !== appSettings.length) throw new Error(`${file}: read ${appSettings.length} of ${entries} app settings`);
  const siteConfig = new Map<string, string>();
  const site = /siteConfig: \{([\s\S]*?)appSettings:/.exec(text);
  for (const m of (site?.[1] ?? '').matchAll(/^\s*(\w+): ([^\n]+)$/gm)) siteConfig.set(m[1], m[2].trim());
  return { params, vars, outputs, appSettings, siteConfig };
}

export interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}

export interface AgentsYaml {
  version: string;
  environmentFolderPath?: string;
  provision?: Step[];
  deploy?: Step[];
  publish?: Step[];
}

export function readAgentsYaml(file: string): AgentsYaml {
  return parseMiniYaml(read(file)) as AgentsYaml;
}

/** The lifecycles in the order the toolkit runs them for a fresh environment. */
export const LIFECYCLES = ['provision', 'deploy', 'publish'] as const;
