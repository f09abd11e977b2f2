import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import type { Council } from "../app/council.js";
import { defaultBackupSettings, type BackupSettings } from "../config.js";
import { DEMO_MEETING_ID } from "../demo/council.js";
import { startServer, type RunningServer } from "../http/server.js";
import { testConfig } from "../testing/server.js";

/** The demo council's chair and clerk, and its budget item (api/src/demo/council.ts). */
export const CHAIR = "member-1";
export const CLERK = "clerk-1";
export const BUDGET = `${DEMO_MEETING_ID}-2`;

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** A pino logger whose lines a test can read. */
export function capturingLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(text));
      done();
    },
  });
  return { log: pino({ level: "debug" }, sink), lines };
}

export const PINO_ERROR = 50;

/** The real server, in-process, with these backup settings (default: DATA_DIR/backups, timer off). */
export async function serverWithBackups(
  settings: Partial<BackupSettings> = {},
  options: { dataDir?: string; log?: Logger } = {},
): Promise<RunningServer & { dataDir: string; backupDir: string }> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "council-backup-")));
  const backup = { ...defaultBackupSettings(dataDir), intervalMinutes: 0, ...settings };
  const server = await startServer(testConfig(dataDir, { backup }), { log: options.log ?? pino({ level: "silent" }) });
  return Object.assign(server, { dataDir, backupDir: backup.dir });
}

/** Opens the demo meeting with seats 1-45 present and the budget item current. */
export async function meetingOnBudget(council: Council): Promise<void> {
  await council.execute({ type: "OpenMeeting", data: { meetingId: DEMO_MEETING_ID } }, CHAIR);
  await Promise.all(
    Array.from({ length: 45 }, (_, i) =>
      council.execute({ type: "SetAttendance", data: { meetingId: DEMO_MEETING_ID, memberId: `member-${i + 1}`, present: true } }, CLERK),
    ),
  );
  await council.execute({ type: "SetCurrentItem", data: { meetingId: DEMO_MEETING_ID, itemId: BUDGET } }, CHAIR);
}

/** Opens a vote on the budget item, takes `ballots` answers (seats 2..), and closes it when asked. */
export async function holdVote(council: Council, voteId: string, ballots: number, close = true): Promise<void> {
  await council.execute(
    {
      type: "OpenVote",
      data: { voteId, itemId: BUDGET, method: "ELECTRONIC", question: `Fråga ${voteId}`, yesProposalId: null, noProposalId: null, majority: "SIMPLE" },
    },
    CHAIR,
  );
  await Promise.all(
    Array.from({ length: ballots }, (_, i) =>
      council.execute({ type: "CastBallot", data: { voteId, choice: i % 3 === 0 ? "NO" : "YES", idempotencyKey: `${voteId}-${i}` } }, `member-${i + 2}`),
    ),
  );
  if (close) await council.execute({ type: "CloseVote", data: { voteId } }, CHAIR);
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
