import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTVerifyGetKey,
} from "jose";
import type { EntraSettings } from "../config.js";
import { writeFileDurably } from "../durableFile.js";

/** Who a verified token says the caller is: a roster user id. */
export interface TokenIdentity {
  readonly userId: string;
  /** Other names the same person may be on the roster under (e.g. the Teams sign-in name). */
  readonly aliases: readonly string[];
}

export class TokenError extends Error {
  override name = "TokenError";
}

export interface TokenVerifier {
  verify(token: string): Promise<TokenIdentity>;
}

/** Where a replaced key is reported (a pino logger fits). */
export interface WarningLog {
  warn(details: object, message: string): void;
}

const LOCAL_ISSUER = "urn:council-vote:local";
const LOCAL_AUDIENCE = "council-vote";
const ALG = "ES256";
const KEY_FILE = "issuer-key.json";

/**
 * The local issuer of demo mode and tests. Its key is generated once and kept in DATA_DIR, so
 * tokens survive a restart and a new DATA_DIR gets a new key.
 */
export class LocalIssuer implements TokenVerifier {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
  ) {}

  static async inDataDir(dataDir: string, log?: WarningLog): Promise<LocalIssuer> {
    const file = join(dataDir, KEY_FILE);
    const text = await readFile(file, "utf8").catch((error: unknown) => {
      // Missing on a first start; any other read error is the disk's, not a reason for a new key.
      if (typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT") return null;
      throw error;
    });
    if (text !== null) {
      try {
        return await LocalIssuer.fromJwk(JSON.parse(text));
      } catch (error) {
        // Emptied by a power cut before writes were durable, or edited: demo tokens are signed
        // again on request, so a new key costs a sign-in, not a refusal to start.
        log?.warn({ file, bytes: text.length, err: error }, "the demo issuer key was unreadable and has been replaced");
      }
    }
    const pair = await generateKeyPair(ALG, { extractable: true });
    const jwk = await exportJWK(pair.privateKey);
    await mkdir(dataDir, { recursive: true });
    // Durable before use: a key lost after its tokens went out would sign everyone out.
    await writeFileDurably(file, JSON.stringify(jwk), { mode: 0o600 });
    return LocalIssuer.fromJwk(jwk);
  }

  private static async fromJwk(jwk: unknown): Promise<LocalIssuer> {
    if (!isPrivateEcJwk(jwk)) throw new Error("The issuer key is not a private EC JWK.");
    const { d: _private, ...publicJwk } = jwk;
    const privateKey = await importJWK(jwk, ALG);
    const publicKey = await importJWK(publicJwk, ALG);
    if (!isCryptoKey(privateKey) || !isCryptoKey(publicKey)) throw new Error("The issuer key is not an EC key.");
    return new LocalIssuer(privateKey, publicKey);
  }

  /** A token for a user, valid for `seconds` (negative: already expired, for tests). */
  sign(userId: string, options: { seconds?: number; audience?: string; issuer?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: ALG })
      .setSubject(userId)
      .setIssuer(options.issuer ?? LOCAL_ISSUER)
      .setAudience(options.audience ?? LOCAL_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.seconds ?? 12 * 3600))
      .sign(this.privateKey);
  }

  async verify(token: string): Promise<TokenIdentity> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: [ALG],
        requiredClaims: ["exp", "sub"],
      });
      return { userId: String(payload.sub), aliases: [] };
    } catch (error) {
      throw new TokenError(describe(error));
    }
  }
}

/** Entra ID (Teams SSO) tokens, checked against the tenant's JWKS: audience, issuer and expiry. */
export class EntraVerifier implements TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly settings: EntraSettings) {
    this.keys = createRemoteJWKSet(new URL(settings.jwksUrl));
  }

  async verify(token: string): Promise<TokenIdentity> {
    const { tenantId, audiences } = this.settings;
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: [`https://sts.windows.net/${tenantId}/`, `https://login.microsoftonline.com/${tenantId}/v2.0`],
        audience: [...audiences],
        requiredClaims: ["exp", "oid"],
      });
      const upn = [payload["preferred_username"], payload["upn"]].filter((v): v is string => typeof v === "string");
      return { userId: String(payload["oid"]), aliases: upn.map((u) => u.toLowerCase()) };
    } catch (error) {
      throw new TokenError(describe(error));
    }
  }
}

function isPrivateEcJwk(value: unknown): value is JWK {
  return typeof value === "object" && value !== null && "kty" in value && value.kty === "EC" && "d" in value && typeof value.d === "string";
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return typeof key === "object" && key !== null && "type" in key && "algorithm" in key;
}

function describe(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return "The token has expired: sign in again.";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return `The token is not for this application (${error instanceof Error ? error.message : "a claim is wrong"}).`;
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "The token's signature does not verify.";
    default:
      return "The token is not valid.";
  }
}
