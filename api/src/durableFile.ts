import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `file` so that after a crash or a power cut it is either the old file or the whole new one,
 * never empty or half-written: the data goes to a temporary file in the same folder, which is
 * fsynced, renamed over `file`, and then the folder is fsynced so that the rename itself survives.
 * (fs.writeFile alone leaves the data in the page cache: a power cut soon after can leave an empty
 * file behind, api/reliability/powercut.test.ts shows it.)
 */
export async function writeFileDurably(file: string, data: string | Uint8Array, options: { readonly mode?: number } = {}): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
}

/** Makes the names in `dir` (a create, a rename, an unlink) durable. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a file's data (and size) to the disk. */
export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
