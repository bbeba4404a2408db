import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface SimHandle {
  url: string;
  graphUrl: string;
  get<T = unknown>(p: string): Promise<T>;
  put(p: string, body: unknown): Promise<void>;
  post(p: string, body?: unknown): Promise<void>;
  close(): Promise<void>;
}

const root = path.resolve(__dirname, '..');

/** Starts the simulator in a child process and resolves once it listens. */
export async function startSimProcess(fixture: string, behaviour: Record<string, unknown> = {}): Promise<SimHandle> {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const child: ChildProcess = spawn(tsx, [path.join(__dirname, 'simChild.ts'), path.resolve(root, fixture), JSON.stringify(behaviour)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code} before listening`)));
  });
  const call = async (method: string, p: string, body?: unknown) => {
    const r = await fetch(url + p, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    const t = await r.text();
    return t ? JSON.parse(t) : undefined;
  };
  return {
    url,
    graphUrl: `${url}/v1.0`,
    get: (p) => call('GET', p),
    put: async (p, b) => void (await call('PUT', p, b)),
    post: async (p, b) => void (await call('POST', p, b ?? {})),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
