import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { YogaInitialContext } from "graphql-yoga";
import type { Council } from "../app/council.js";
import type { RateLimiter } from "../app/rateLimit.js";
import type { CouncilCommand } from "../domain/council/commands.js";
import type { CouncilState, UserState } from "../domain/council/state.js";
import type { Role } from "../domain/council/events.js";
import { meetingRolesOf, rolesOf } from "../domain/council/decide.js";
import type { MeetingState } from "../domain/council/state.js";
import type { Ledger } from "../ledger/ledger.js";
import { TokenError, type TokenIdentity, type TokenVerifier } from "../auth/tokens.js";
import { apiError, toApiError } from "./errors.js";

export interface Context {
  readonly council: Council;
  readonly ledger: Ledger;
  /** The signed-in user, or null (then `authProblem` says why). */
  readonly user: UserState | null;
  readonly authProblem: string;
  readonly newId: () => string;
  readonly limiter: RateLimiter;
}

export interface Services {
  readonly council: Council;
  readonly ledger: Ledger;
  readonly verifier: TokenVerifier;
  readonly limiter: RateLimiter;
  /** Tells the request log who the caller was (never the token). */
  readonly noteUser?: (req: IncomingMessage, userId: string) => void;
}

export const BEARER = /^Bearer\s+(\S+)$/i;

/** The roster user a verified token names, by its user id or one of its aliases. */
export function rosterUser(state: CouncilState, identity: TokenIdentity): UserState | null {
  return state.users.get(identity.userId) ?? identity.aliases.map((a) => state.users.get(a)).find((u) => u !== undefined) ?? null;
}

export function createContext(services: Services) {
  return async ({ request, req }: YogaInitialContext & { req?: IncomingMessage }): Promise<Context> => {
    const base = { council: services.council, ledger: services.ledger, limiter: services.limiter, newId: randomUUID };
    const header = request.headers.get("authorization");
    if (!header) return { ...base, user: null, authProblem: "Sign in: send a bearer token in the Authorization header." };
    const token = BEARER.exec(header)?.[1];
    if (!token) return { ...base, user: null, authProblem: "The Authorization header must be 'Bearer <token>'." };
    try {
      const identity = await services.verifier.verify(token);
      const user = rosterUser(services.council.state, identity);
      if (!user) return { ...base, user: null, authProblem: "You are not on the roster of any assembly here." };
      if (req) services.noteUser?.(req, user.userId);
      return { ...base, user, authProblem: "" };
    } catch (error) {
      if (error instanceof TokenError) return { ...base, user: null, authProblem: error.message };
      throw error;
    }
  };
}

/** The signed-in user, or UNAUTHENTICATED. */
export function requireUser(ctx: Context): UserState {
  if (!ctx.user) throw apiError("UNAUTHENTICATED", ctx.authProblem);
  return ctx.user;
}

/** Runs one command as the signed-in user; resolves with the state after its commit. */
export async function execute(ctx: Context, command: CouncilCommand): Promise<CouncilState> {
  const user = requireUser(ctx);
  if (!ctx.limiter.take(user.userId)) {
    throw apiError("RATE_LIMITED", "Too many changes from you just now: wait a moment and try again.");
  }
  try {
    return await ctx.council.execute(command, user.userId);
  } catch (error) {
    throw toApiError(error);
  }
}

/** The user's roles in every assembly, with the rosters in effect at `at` (the server's now). */
export function rolesEverywhere(state: CouncilState, userId: string, at: string): Role[] {
  const roles = new Set<Role>();
  for (const assemblyId of state.assemblies.keys()) for (const r of rolesOf(state, assemblyId, userId, at)) roles.add(r);
  return [...roles];
}

/** Whether the signed-in user holds one of the roles for this meeting (CHAIR: whoever presides over it). */
export function hasMeetingRole(ctx: Context, meeting: MeetingState, roles: readonly Role[]): boolean {
  const user = ctx.user;
  if (!user) return false;
  const held = meetingRolesOf(ctx.council.state, meeting, user.userId);
  return roles.some((r) => held.includes(r));
}

export function hasAnyRole(ctx: Context, assemblyId: string, roles: readonly Role[]): boolean {
  const user = ctx.user;
  if (!user) return false;
  const held = rolesOf(ctx.council.state, assemblyId, user.userId);
  return roles.some((r) => held.includes(r));
}
