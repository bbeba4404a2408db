import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Makes a rename or a new file in dir durable; some platforms cannot open directories, which is harmless. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // Windows cannot fsync a directory; NTFS metadata journaling covers the rename.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** Writes a complete, fsynced temp file next to target and returns its path. */
export async function writeTemp(target: string, data: string): Promise<string> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  return tmp;
}

/** Replaces target atomically: readers see the old or the new content, never a mix, even after a crash. */
export async function writeFileAtomic(target: string, data: string): Promise<void> {
  const tmp = await writeTemp(target, data);
  try {
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fsyncDir(path.dirname(target));
}

/** Creates target atomically with data; returns false (and writes nothing) if it already exists. Call under the target's lock. */
export async function createFileAtomic(target: string, data: string): Promise<boolean> {
  const tmp = await writeTemp(target, data);
  try {
    // link() never overwrites, unlike rename(): the existence check and the write are one step.
    await fs.link(tmp, target);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links: callers hold the run's lock, so check-then-rename is safe.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
    if (
      await fs.access(target).then(
        () => true,
        () => false,
      )
    )
      return false;
    await fs.rename(tmp, target);
    return true;
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
    await fsyncDir(path.dirname(target));
  }
}
