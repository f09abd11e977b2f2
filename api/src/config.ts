import { join, resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_RATE_LIMIT, type RateLimit } from "./app/rateLimit.js";

/** Demo mode (the default): local issuer, demo council, 127.0.0.1 only. Production: Entra ID only. */
export type Mode = "demo" | "production";

export interface EntraSettings {
  readonly tenantId: string;
  readonly clientId: string;
  readonly jwksUrl: string;
  /** Accepted token audiences: the client id (v2 tokens) and the app id URI (v1 tokens). */
  readonly audiences: readonly string[];
}

/** Automatic backups of the ledger (api/src/backup): on every vote close and on a timer, rotated. */
export interface BackupSettings {
  /** Where verified backups are kept: BACKUP_DIR, default DATA_DIR/backups. */
  readonly dir: string;
  /**
   * BACKUP_INTERVAL_MINUTES: a timed backup this often, taken only when the ledger head moved since
   * the last one (fractions allowed; 0 turns the timer off, backups on vote close go on).
   */
  readonly intervalMinutes: number;
  /** BACKUP_KEEP: how many backups to keep, the newest (at least 1). */
  readonly keep: number;
}

export const DEFAULT_BACKUP_INTERVAL_MINUTES = 10;
/** Eight hours of timed backups, or a long meeting's vote closes and timer together; copy them off the machine for longer. */
export const DEFAULT_BACKUP_KEEP = 48;
export const BACKUP_FOLDER = "backups";

/** The backup settings when none are given: DATA_DIR/backups, every 10 minutes, 48 kept. */
export function defaultBackupSettings(dataDir: string): BackupSettings {
  return { dir: join(dataDir, BACKUP_FOLDER), intervalMinutes: DEFAULT_BACKUP_INTERVAL_MINUTES, keep: DEFAULT_BACKUP_KEEP };
}

export interface Config {
  readonly mode: Mode;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly entra: EntraSettings | null;
  /** Changes one user may make at once, and per second after that. */
  readonly rateLimit: RateLimit;
  /** Absent (a config built in code): defaultBackupSettings(dataDir). Demo mode backs up too. */
  readonly backup?: BackupSettings;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const nonEmpty = z.string().trim().min(1);

const Env = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: nonEmpty.optional(),
  DATA_DIR: nonEmpty.default("./data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ENTRA_TENANT_ID: nonEmpty.optional(),
  ENTRA_CLIENT_ID: nonEmpty.optional(),
  ENTRA_JWKS_URL: z.url().optional(),
  ENTRA_APP_ID_URI: nonEmpty.optional(),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMIT.burst),
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(DEFAULT_RATE_LIMIT.perSecond),
  BACKUP_DIR: nonEmpty.optional(),
  BACKUP_INTERVAL_MINUTES: z.coerce.number().min(0).default(DEFAULT_BACKUP_INTERVAL_MINUTES),
  BACKUP_KEEP: z.coerce.number().int().min(1).default(DEFAULT_BACKUP_KEEP),
});

/** Reads the environment; a production start without real identity settings is refused. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`The environment is not valid: ${problems}`);
  }
  const e = parsed.data;
  const mode: Mode = e.NODE_ENV === "production" ? "production" : "demo";
  const dataDir = resolve(e.DATA_DIR);
  const base = {
    port: e.PORT,
    dataDir,
    logLevel: e.LOG_LEVEL,
    rateLimit: { burst: e.RATE_LIMIT_BURST, perSecond: e.RATE_LIMIT_PER_SECOND },
    backup: {
      dir: e.BACKUP_DIR ? resolve(e.BACKUP_DIR) : defaultBackupSettings(dataDir).dir,
      intervalMinutes: e.BACKUP_INTERVAL_MINUTES,
      keep: e.BACKUP_KEEP,
    },
  };
  if (mode === "demo") {
    // Demo tokens are signed by the server itself: never reachable from another machine.
    return { ...base, mode, host: "127.0.0.1", entra: null };
  }
  const missing = (["ENTRA_TENANT_ID", "ENTRA_CLIENT_ID", "ENTRA_JWKS_URL"] as const).filter((k) => !e[k]);
  if (missing.length > 0 || !e.ENTRA_TENANT_ID || !e.ENTRA_CLIENT_ID || !e.ENTRA_JWKS_URL) {
    throw new ConfigError(
      `Production mode (NODE_ENV=production) needs real identity settings; missing: ${missing.join(", ")}. ` +
        "See README.md, 'Running it for real'.",
    );
  }
  const audiences = [e.ENTRA_CLIENT_ID, ...(e.ENTRA_APP_ID_URI ? [e.ENTRA_APP_ID_URI] : [])];
  return {
    ...base,
    mode,
    host: e.HOST ?? "0.0.0.0",
    entra: { tenantId: e.ENTRA_TENANT_ID, clientId: e.ENTRA_CLIENT_ID, jwksUrl: e.ENTRA_JWKS_URL, audiences },
  };
}
