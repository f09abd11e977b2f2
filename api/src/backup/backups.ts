import { mkdir, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Logger } from "pino";
import type { Committed } from "../app/council.js";
import type { BackupSettings } from "../config.js";
import type { CouncilEventType } from "../domain/council/events.js";
import type { LedgerHead } from "../ledger/chain.js";
import { Connection } from "../ledger/sqlite.js";
import { listBackups, messageOf, removeDatabase, staleTemps, toRotate } from "./files.js";
import { writeVerifiedBackup, type WrittenBackup } from "./snapshot.js";

/**
 * The batches after which a backup is taken at once: a vote's result is decided (closed, counted by
 * hand, a tie resolved), a vote is cancelled (its ballots stay in the record), a meeting closes.
 * These are the moments a lost disk would cost the most to reconstruct.
 */
export const BACKUP_AFTER: ReadonlySet<CouncilEventType> = new Set<CouncilEventType>([
  "VoteClosed",
  "HandCountEntered",
  "TieResolved",
  "VoteCancelled",
  "MeetingClosed",
]);

export type BackupReason = "vote-closed" | "timer" | "requested";

export interface BackupRecord extends WrittenBackup {
  readonly reason: BackupReason;
  readonly at: string;
}

/** What the server gives the backups: its ledger file, its head, and its commits. */
export interface BackupSource {
  readonly ledgerFile: string;
  head(): LedgerHead;
  onCommitted(listener: (committed: Committed) => void): () => void;
}

/**
 * Automatic backups of the live ledger: after every batch that closes a vote (BACKUP_AFTER) and
 * every `intervalMinutes` when the head moved since the last backup. One at a time: a trigger
 * while a backup runs schedules one more after it (which will include its change); further
 * triggers join that one. Each backup is verified before it gets its name (snapshot.ts), then the
 * oldest beyond `keep` are deleted. A failure is logged as an error and changes nothing else: it
 * never reaches a command, a commit or an answer.
 */
export class Backups {
  private tail: Promise<unknown> = Promise.resolve();
  private queued: Promise<BackupRecord | null> | null = null;
  private queuedReasons = new Set<BackupReason>();
  private lastHead: LedgerHead | null;
  private lastRecord: BackupRecord | null = null;
  private closed = false;
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout | null;
  /** Backups taken, skipped (nothing new since the last), failed; the most that ran at once. */
  readonly stats = { taken: 0, skipped: 0, failed: 0, running: 0, maxRunning: 0 };

  private constructor(
    private readonly source: BackupSource,
    private readonly settings: BackupSettings,
    private readonly log: Logger,
    lastHead: LedgerHead | null,
    private readonly clock: () => Date,
  ) {
    this.lastHead = lastHead;
    this.unsubscribe = source.onCommitted((committed) => {
      if ([...committed.eventTypes].some((t) => BACKUP_AFTER.has(t))) void this.request("vote-closed");
    });
    const ms = settings.intervalMinutes * 60_000;
    this.timer = ms > 0 ? setInterval(() => void this.request("timer"), ms) : null;
    // The timer alone must not keep a stopping process alive.
    this.timer?.unref();
  }

  /** Starts watching `source`. Never fails: a backup folder that cannot be used is logged, and tried again at each backup. */
  static async start(source: BackupSource, settings: BackupSettings, log: Logger, clock: () => Date = () => new Date()): Promise<Backups> {
    let lastHead: LedgerHead | null = null;
    try {
      await mkdir(settings.dir, { recursive: true });
      for (const temp of await staleTemps(settings.dir)) await removeDatabase(temp);
      lastHead = await newestHead(settings.dir);
    } catch (error) {
      log.error({ err: error, dir: settings.dir }, "backup folder cannot be read; backups will be tried at the next vote close or timer");
    }
    log.info({ dir: settings.dir, everyMinutes: settings.intervalMinutes, keep: settings.keep, lastBackupSeq: lastHead?.seq ?? null }, "automatic backups on");
    return new Backups(source, settings, log, lastHead, clock);
  }

  /** The newest backup this server wrote. */
  get last(): BackupRecord | null {
    return this.lastRecord;
  }

  /**
   * Takes a backup as soon as none is running, and resolves with it. When the head has not moved
   * since the last backup there is nothing to add: it resolves with the last one this server wrote
   * (null after a restart). Null if it failed (logged) or the backups are closed. Never rejects.
   */
  request(reason: BackupReason): Promise<BackupRecord | null> {
    if (this.closed) return Promise.resolve(null);
    this.queuedReasons.add(reason);
    if (this.queued) return this.queued;
    const run = this.tail
      .then(() => {
        this.queued = null;
        const reasons = this.queuedReasons;
        this.queuedReasons = new Set();
        return this.take(reasons);
      })
      .catch((error: unknown) => {
        this.log.error({ err: error }, "backup failed unexpectedly");
        return null;
      });
    this.queued = run;
    this.tail = run;
    return run;
  }

  /** Resolves when no backup is running or scheduled. */
  async settled(): Promise<void> {
    for (let tail = this.tail; ; tail = this.tail) {
      await tail;
      if (tail === this.tail) return;
    }
  }

  /** Stops the triggers and waits for the running backup and the one scheduled after it. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.unsubscribe();
      if (this.timer) clearInterval(this.timer);
    }
    await this.settled();
  }

  private async take(reasons: ReadonlySet<BackupReason>): Promise<BackupRecord | null> {
    const reason: BackupReason = reasons.has("vote-closed") ? "vote-closed" : reasons.has("requested") ? "requested" : "timer";
    const head = this.source.head();
    if (this.lastHead && this.lastHead.seq === head.seq && this.lastHead.hash === head.hash) {
      this.stats.skipped += 1;
      this.log.debug({ reason, seq: head.seq }, "backup skipped: the ledger head has not moved since the last backup");
      return this.lastRecord;
    }
    this.stats.running += 1;
    this.stats.maxRunning = Math.max(this.stats.maxRunning, this.stats.running);
    const at = this.clock();
    try {
      const written = await writeVerifiedBackup(this.source.ledgerFile, this.settings.dir, at);
      const record: BackupRecord = { ...written, reason, at: at.toISOString() };
      this.lastRecord = record;
      this.lastHead = written.head;
      this.stats.taken += 1;
      this.log.info(
        {
          reason,
          file: written.file,
          seq: written.head.seq,
          hash: written.head.hash,
          bytes: written.bytes,
          copyMs: Math.round(written.copyMs),
          verifyMs: Math.round(written.verifyMs),
        },
        "backup written and verified",
      );
      await this.rotate(written.file);
      return record;
    } catch (error) {
      this.stats.failed += 1;
      this.log.error({ err: error, reason, dir: this.settings.dir }, `backup failed, nothing was kept: ${messageOf(error)}`);
      return null;
    } finally {
      this.stats.running -= 1;
    }
  }

  /** Deletes all but the newest `keep` backups; never the one just written (so never the only one). */
  private async rotate(justWritten: string): Promise<void> {
    try {
      const old = toRotate(await listBackups(this.settings.dir), this.settings.keep, basename(justWritten));
      for (const backup of old) await rm(join(this.settings.dir, backup.name), { force: true });
      if (old.length > 0) this.log.info({ deleted: old.map((b) => b.name), keep: this.settings.keep }, "old backups rotated out");
    } catch (error) {
      this.log.warn({ err: error, dir: this.settings.dir }, "old backups could not be rotated out");
    }
  }
}

/** The head of the newest backup in `dir` (so that the timer does not repeat it after a restart). */
async function newestHead(dir: string): Promise<LedgerHead | null> {
  const newest = (await listBackups(dir))[0];
  if (!newest) return null;
  try {
    const db = await Connection.open(join(dir, newest.name), "readonly");
    try {
      const row = await db.get<{ seq: number; hash: string }>("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1");
      return row ? { seq: row.seq, hash: row.hash } : null;
    } finally {
      await db.close();
    }
  } catch {
    return null;
  }
}
