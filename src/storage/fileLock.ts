import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';

export interface LockOptions {
  /** A lock older than this is considered left behind by a crashed process. */
  staleMs?: number;
  /** Give up (and throw LockTimeoutError) after waiting this long. */
  timeoutMs?: number;
}

export class LockTimeoutError extends Error {
  constructor(lockPath: string, timeoutMs: number) {
    super(`could not lock ${lockPath} within ${timeoutMs} ms: another process holds it; if none is running, delete the file`);
    this.name = 'LockTimeoutError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/*
 * Exclusive lock file created with O_EXCL ('wx'), which is atomic on local file systems and
 * works between processes and between instances in one process. A lock is stale when it is
 * older than staleMs and its owner is not a live process on this host; it is broken by
 * renaming it aside, and the broken file is checked to be the one judged stale.
 */
async function acquire(lockPath: string, opts: Required<LockOptions>): Promise<string> {
  const token = `${process.pid}@${hostname()}#${randomBytes(6).toString('hex')}`;
  const deadline = Date.now() + opts.timeoutMs;
  let delay = 2;
  for (;;) {
    try {
      const fh = await fs.open(lockPath, 'wx');
      try {
        await fh.writeFile(token);
      } finally {
        await fh.close();
      }
      return token;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    await breakIfStale(lockPath, opts.staleMs);
    if (Date.now() > deadline) throw new LockTimeoutError(lockPath, opts.timeoutMs);
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
}

async function breakIfStale(lockPath: string, staleMs: number): Promise<void> {
  let owner: string;
  let mtimeMs: number;
  try {
    [owner, { mtimeMs }] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
  } catch {
    return; // released meanwhile
  }
  if (Date.now() - mtimeMs < staleMs) return;
  const m = /^(\d+)@([^#]*)#/.exec(owner);
  if (m && m[2] === hostname() && Number(m[1]) !== process.pid && processAlive(Number(m[1]))) return;
  const aside = `${lockPath}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch {
    return; // someone else broke or released it
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => '');
  if (moved !== owner) {
    // We moved a fresh lock taken after our check: put it back if its place is still free.
    await fs.link(aside, lockPath).catch(() => undefined);
  }
  await fs.unlink(aside).catch(() => undefined);
}

async function release(lockPath: string, token: string): Promise<void> {
  // Only remove our own lock: if it was broken as stale, another holder's lock is in its place.
  const current = await fs.readFile(lockPath, 'utf8').catch(() => null);
  if (current === token) await fs.unlink(lockPath).catch(() => undefined);
}

/** Runs fn while holding the exclusive lock file at lockPath. */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const opts = { staleMs: options.staleMs ?? 10_000, timeoutMs: options.timeoutMs ?? 15_000 };
  const token = await acquire(lockPath, opts);
  try {
    return await fn();
  } finally {
    await release(lockPath, token);
  }
}
