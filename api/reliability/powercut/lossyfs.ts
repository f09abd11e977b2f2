import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/**
 * Drives lossyfs.py (beside this file): a FUSE mount whose files keep their writes in memory until
 * fsync, and a power cut that drops every one of them. The test mounts it, runs the server on it,
 * cuts the power, and mounts it again as a machine coming back up would find its disk.
 */

const LOSSYFS = fileURLToPath(new URL("./lossyfs.py", import.meta.url));
/** Debian's python3-fusepy is installed for the system Python, which may not be the first on PATH. */
const PYTHON = "/usr/bin/python3";
const INSTALL = "apt-get install -y fuse3 python3-fusepy";
const READY_TIMEOUT_MS = 10_000;
const EXIT_TIMEOUT_MS = 5_000;

export interface DroppedFile {
  readonly path: string;
  readonly writes: number;
  readonly bytes: number;
}

/** What one power cut dropped: every write (and truncate) not yet fsynced. */
export interface CutReport {
  /** "stdin" (cut()), "armed: write N to *suffix" (armCut), or "already off (...)" for a second cut. */
  readonly cause: string;
  readonly files: readonly DroppedFile[];
  readonly writes: number;
  readonly bytes: number;
}

export interface LossyMount {
  /** Where the files really are (what survives). */
  readonly backing: string;
  /** The mounted view: give this to the server as DATA_DIR. */
  readonly mountpoint: string;
  /**
   * Cuts the power now: every unsynced write of every file is dropped and the filesystem fails every
   * operation from then on. The command leaves at once (call it in the same tick as a SIGKILL);
   * the promise resolves with what was dropped.
   */
  cut(): Promise<CutReport>;
  /**
   * Lets the filesystem cut the power by itself right after the `afterWrites`-th write to a file
   * whose path ends with `pathSuffix` (e.g. "/council.sqlite-wal": a commit's frames are in the
   * cache, their fsync has not come). Resolves when the power is cut, by this or by cut().
   */
  armCut(pathSuffix: string, afterWrites: number): Promise<CutReport>;
  /** Unmounts and mounts afresh: the power is back and no kernel page cache survives. */
  remount(): Promise<void>;
  /** Unmounts and removes the folders. */
  close(): Promise<void>;
}

interface Daemon {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  next(event: string): Promise<Record<string, unknown>>;
  stderr(): string;
}

/**
 * What this machine lacks to mount lossyfs, as one message naming the fix; null when nothing.
 * The power-cut test fails with it (never skips): a machine that cannot run it has not shown anything.
 */
export function missingForLossyfs(): string | null {
  const missing: string[] = [];
  if (!existsSync("/dev/fuse")) missing.push("/dev/fuse (the container or VM needs the fuse device: e.g. docker run --device /dev/fuse --cap-add SYS_ADMIN)");
  if (!existsSync(PYTHON)) missing.push(`${PYTHON} (Debian's python3)`);
  else if (spawnSync(PYTHON, ["-c", "import fusepy"]).status !== 0) missing.push(`python3-fusepy for ${PYTHON} (${INSTALL})`);
  if (!findUnmounter()) missing.push(`fusermount3 (${INSTALL})`);
  return missing.length === 0 ? null : `The power-cut test cannot mount its FUSE layer; missing: ${missing.join("; ")}.`;
}

/** Mounts a fresh lossy filesystem in a temporary folder. */
export async function mountLossy(): Promise<LossyMount> {
  const missing = missingForLossyfs();
  if (missing) throw new Error(missing);
  const root = await mkdtemp(join(tmpdir(), "council-powercut-"));
  const backing = join(root, "disk");
  const mountpoint = join(root, "mnt");
  await mkdir(backing);
  await mkdir(mountpoint);
  let daemon: Daemon | null = null;
  try {
    daemon = await start(backing, mountpoint);
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  const unmount = async (): Promise<void> => {
    const running = daemon;
    daemon = null;
    if (running) await stop(running, mountpoint);
  };

  return {
    backing,
    mountpoint,
    cut: () => {
      if (!daemon) return Promise.reject(new Error("lossyfs is not mounted"));
      const report = daemon.next("cut");
      daemon.child.stdin.write("cut\n");
      return report.then(toCutReport);
    },
    armCut: (pathSuffix, afterWrites) => {
      if (!daemon) return Promise.reject(new Error("lossyfs is not mounted"));
      if (/\s/.test(pathSuffix) || !Number.isInteger(afterWrites) || afterWrites < 1) throw new Error(`cannot arm a cut after ${afterWrites} writes to "${pathSuffix}"`);
      const report = daemon.next("cut");
      daemon.child.stdin.write(`arm ${pathSuffix} ${afterWrites}\n`);
      return report.then(toCutReport);
    },
    remount: async () => {
      await unmount();
      daemon = await start(backing, mountpoint);
    },
    close: async () => {
      try {
        await unmount();
      } finally {
        if (!(await isMounted(mountpoint))) await rm(root, { recursive: true, force: true });
      }
    },
  };
}

async function start(backing: string, mountpoint: string): Promise<Daemon> {
  const child = spawn(PYTHON, ["-u", LOSSYFS, backing, mountpoint], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-8192);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waiting = new Map<string, Array<(event: Record<string, unknown>) => void>>();
  createInterface({ input: child.stdout }).on("line", (line) => {
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return;
    }
    if (!isRecord(event) || typeof event["event"] !== "string") return;
    const resolvers = waiting.get(event["event"]) ?? [];
    waiting.delete(event["event"]);
    for (const resolve of resolvers) resolve(event);
  });
  const next = (name: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      waiting.set(name, [...(waiting.get(name) ?? []), resolve]);
      void exited.then((code) => reject(new Error(`lossyfs exited (${code}) before "${name}":\n${stderr}`)));
    });

  const ready = next("ready");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), READY_TIMEOUT_MS).unref());
  const daemon: Daemon = { child, exited, next, stderr: () => stderr };
  try {
    if ((await Promise.race([ready, timeout])) === "timeout") throw new Error(`lossyfs did not mount ${mountpoint} within ${READY_TIMEOUT_MS / 1000} s:\n${stderr}`);
    if (!(await isMounted(mountpoint))) throw new Error(`lossyfs said it was ready but ${mountpoint} is not a FUSE mount:\n${stderr}`);
  } catch (error) {
    await stop(daemon, mountpoint);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Mounting the lossy filesystem was refused (needs /dev/fuse and the right to mount, ${INSTALL}): ${reason}`);
  }
  return daemon;
}

/** Unmounts (waiting out a busy mount briefly, then lazily) and waits for the daemon to end. */
async function stop(daemon: Daemon, mountpoint: string): Promise<void> {
  const unmounter = findUnmounter();
  for (let attempt = 0; attempt < 20 && (await isMounted(mountpoint)); attempt += 1) {
    if (unmounter && spawnSync(unmounter, ["-u", mountpoint]).status === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (await isMounted(mountpoint)) spawnSync("umount", ["-l", mountpoint]);
  daemon.child.stdin.end();
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), EXIT_TIMEOUT_MS).unref());
  if ((await Promise.race([daemon.exited, timeout])) === "timeout") {
    daemon.child.kill("SIGKILL");
    await daemon.exited;
    if (await isMounted(mountpoint)) spawnSync("umount", ["-l", mountpoint]);
  }
}

function findUnmounter(): string | null {
  return ["/usr/bin/fusermount3", "/bin/fusermount3", "/usr/bin/fusermount", "/bin/fusermount"].find((p) => existsSync(p)) ?? null;
}

/** Whether `mountpoint` is a lossyfs mount now (/proc/self/mountinfo, field 5 is the mount point). */
async function isMounted(mountpoint: string): Promise<boolean> {
  const info = await readFile("/proc/self/mountinfo", "utf8");
  return info.split("\n").some((line) => line.split(" ")[4] === mountpoint && line.includes("fuse.lossyfs"));
}

function toCutReport(event: Record<string, unknown>): CutReport {
  const files = Array.isArray(event["files"]) ? event["files"].filter(isRecord) : [];
  return {
    cause: String(event["cause"]),
    files: files.map((f) => ({ path: String(f["path"]), writes: Number(f["writes"]), bytes: Number(f["bytes"]) })),
    writes: Number(event["writes"]),
    bytes: Number(event["bytes"]),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
