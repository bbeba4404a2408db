import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Who the Playground says is typing: Teams' tenant id and the user's Entra object id reach the bot as in Teams. */
export interface PlaygroundIdentity {
  tenantId: string;
  user: { name: string; givenName: string; surname: string; userPrincipalName: string; aadObjectId: string };
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** Default 56150; the Playground itself falls back to a free port when it is taken. */
  port?: number;
  /** Writes a config file with this identity; without it the Playground's built-in users are used. */
  identity?: PlaygroundIdentity;
  /** Where the config file and the Playground's log go (created if missing). */
  workDir: string;
  /** Base environment of the child (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Lines the Playground prints, for whoever wants to show them. */
  onOutput?: (line: string) => void;
  /** How long to wait for "Listening on"; default 60 s. */
  startTimeoutMs?: number;
}

export interface RunningPlayground {
  url: string;
  port: number;
  configPath?: string;
  process: ChildProcess;
  close(): Promise<void>;
}

/** A Playground user id that is a valid GUID (its built-in ones have 13 hex digits in the last block, which the bot's config rejects). */
export const DEMO_ADMIN: PlaygroundIdentity['user'] = {
  name: 'Alex Wilber',
  givenName: 'Alex',
  surname: 'Wilber',
  userPrincipalName: 'alexw@contoso.onmicrosoft.com',
  aadObjectId: '0000a11e-0000-4000-8000-000000000001',
};

const OTHER_USERS = [
  ['Megan', 'Bowen'],
  ['Adele', 'Vance'],
  ['Isaiah', 'Langer'],
  ['Patti', 'Fernandez'],
  ['Lynne', 'Robbins'],
];

/** JSON strings are valid YAML double-quoted scalars, so no YAML library is needed. */
const q = (s: string): string => JSON.stringify(s);

/** The `.m365agentsplayground.yml` content (schema 0.1.1: exactly five other users, unique ids). */
export function playgroundConfigYaml(identity: PlaygroundIdentity): string {
  const user = (id: string, u: PlaygroundIdentity['user'], indent: string): string =>
    [
      `id: ${q(id)}`,
      `name: ${q(u.name)}`,
      `userPrincipleName: ${q(u.userPrincipalName)}`,
      `aadObjectId: ${q(u.aadObjectId)}`,
      `givenName: ${q(u.givenName)}`,
      `surname: ${q(u.surname)}`,
      `email: ${q(u.userPrincipalName)}`,
    ].join(`\n${indent}`);
  const domain = identity.user.userPrincipalName.split('@')[1] ?? 'example.com';
  const others = OTHER_USERS.map(([given, sur], i) => {
    const u = {
      name: `${given} ${sur}`,
      givenName: given,
      surname: sur,
      userPrincipalName: `${given.toLowerCase()}${sur[0].toLowerCase()}@${domain}`,
      aadObjectId: `0000a11e-0000-4000-8000-00000000000${i + 2}`,
    };
    return `  - ${user(`user-id-${i + 1}`, u, '    ')}`;
  });
  return [
    '# Written by `npm start` (src/demo/playground.ts) on every start; edits are overwritten.',
    'version: "0.1.1"',
    `tenantId: ${q(identity.tenantId)}`,
    'bot:',
    '  id: "00000000-0000-4000-8000-0000000000b0"',
    '  name: "License Migration Bot"',
    'currentUser:',
    `  ${user('user-id-0', identity.user, '  ')}`,
    'users:',
    ...others,
    'personalChat:',
    '  id: "personal-chat-id"',
    'groupChat:',
    '  id: "group-chat-id"',
    '  name: "License admins"',
    'team:',
    '  id: "team-id"',
    '  name: "IT Admins"',
    '  aadGroupId: "00000000-0000-4000-8000-0000000000c0"',
    '  channels:',
    '    - id: "channel-licensing-id"',
    '      name: "Licensing"',
    '',
  ].join('\n');
}

/** The Playground's CLI script, spawned with this Node so no shell or PATH lookup is involved. */
export function playgroundCli(): string {
  return require.resolve('@microsoft/m365agentsplayground/cli.js');
}

/**
 * Starts Microsoft 365 Agents Playground (Teams channel) against the bot and resolves once it listens.
 * It runs offline: no browser is opened unless TEAMSAPPTESTER_BROWSER says otherwise, telemetry is off.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  fs.mkdirSync(options.workDir, { recursive: true });
  const base = options.env ?? process.env;
  const env: NodeJS.ProcessEnv = {
    ...base,
    TEAMSAPPTESTER_BROWSER: base.TEAMSAPPTESTER_BROWSER ?? 'none',
    // Its default log path is ./devTools/, which would litter the repository.
    M365_AGENTS_PLAYGROUND_LOGFILE: base.M365_AGENTS_PLAYGROUND_LOGFILE ?? path.join(options.workDir, 'playground.log'),
    BOT_ENDPOINT: options.botEndpoint,
  };
  let configPath: string | undefined = base.M365_AGENTS_PLAYGROUND_CONFIG_PATH;
  if (!configPath && options.identity) {
    configPath = path.join(options.workDir, 'm365agentsplayground.yml');
    fs.writeFileSync(configPath, playgroundConfigYaml(options.identity));
  }
  if (configPath) env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = configPath;

  const args = [playgroundCli(), '--disable-telemetry', '-c', 'msteams', '-e', options.botEndpoint, '-p', String(options.port ?? 56150)];
  const child = spawn(process.execPath, args, { env, cwd: options.workDir, stdio: ['ignore', 'pipe', 'pipe'] });

  const port = await new Promise<number>((resolve, reject) => {
    const recent: string[] = [];
    let settled = false;
    const finish = (err: Error | null, value?: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value as number);
    };
    const timer = setTimeout(
      () =>
        finish(
          new Error(`Agents Playground did not start within ${options.startTimeoutMs ?? 60000} ms. Its last output:\n${recent.join('\n')}`),
        ),
      options.startTimeoutMs ?? 60000,
    );
    const onLine = (line: string): void => {
      if (!line.trim()) return;
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.onOutput?.(line);
      const m = /Listening on (\d+)/.exec(line);
      if (m) finish(null, Number(m[1]));
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buf = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buf += chunk;
        const lines = buf.split(/\r?\n/);
        buf = lines.pop() ?? '';
        lines.forEach(onLine);
      });
    }
    child.once('error', (err) => finish(new Error(`Agents Playground could not be started: ${err.message}`)));
    child.once('exit', (code, signal) =>
      finish(new Error(`Agents Playground exited (${signal ?? `code ${code}`}) before listening. Its last output:\n${recent.join('\n')}`)),
    );
  }).catch((err: unknown) => {
    if (child.exitCode === null) child.kill('SIGTERM');
    throw err;
  });

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url: `http://localhost:${port}`,
    port,
    configPath,
    process: child,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
