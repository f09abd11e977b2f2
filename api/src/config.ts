import { resolve } from "node:path";
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

export interface Config {
  readonly mode: Mode;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly entra: EntraSettings | null;
  /** Changes one user may make at once, and per second after that. */
  readonly rateLimit: RateLimit;
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
  const base = {
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    rateLimit: { burst: e.RATE_LIMIT_BURST, perSecond: e.RATE_LIMIT_PER_SECOND },
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
