import { freePort } from '../../src/common/freePort';
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Azurite's documented development account key: public, not a secret.
export const AZURITE_DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const repoRoot = path.resolve(__dirname, '..', '..');

export interface RunningAzurite {
  connectionString: string;
  close(): Promise<void>;
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Azurite, the local Azure Storage emulator, on a free loopback port with in-memory persistence; null (after one
 * message naming why) when it is not installed or does not start, so the caller's tests can skip.
 */
export async function startAzurite(suite: string): Promise<RunningAzurite | null> {
  let main: string;
  try {
    main = require.resolve('azurite/dist/src/blob/main.js', { paths: [repoRoot] });
  } catch {
    console.warn(`SKIP ${suite}: azurite is not installed (npm install -D azurite)`);
    return null;
  }
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lmb-azurite-'));
  const port = await freePort();
  const args = ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--extentMemoryLimit', '64'];
  const child: ChildProcess = spawn(process.execPath, [main, ...args, '--silent', '--skipApiVersionCheck', '--loose'], {
    cwd: workDir,
    stdio: 'ignore',
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.once('error', () => {
    exited = true;
  });
  const close = async () => {
    if (child.exitCode === null && !exited) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill();
      await gone;
    }
    await fs.rm(workDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 40_000;
  while (!exited && Date.now() < deadline) {
    if (await canConnect(port)) {
      return {
        connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
        close,
      };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.warn(`SKIP ${suite}: Azurite did not start on port ${port} (${exited ? 'it exited' : 'timed out'})`);
  await close();
  return null;
}
