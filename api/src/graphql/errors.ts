import { createGraphQLError } from "graphql-yoga";
import type { GraphQLError } from "graphql";
import { DomainError, type ErrorCode } from "../domain/errors.js";
import { LedgerWriteError } from "../ledger/ledger.js";

/** An expected error: passes yoga's masking with its code and a message a person can read. */
export function apiError(code: ErrorCode, message: string, status?: number): GraphQLError {
  return createGraphQLError(message, { extensions: { code, ...(status ? { http: { status } } : {}) } });
}

/**
 * The ledger could not be written (a full disk, a failing file system): nothing was recorded, and
 * the client may try again with the same idempotency key. Not a refusal, so not one of the
 * contract's refusal codes: UNAVAILABLE, HTTP 503.
 */
export function unavailable(): GraphQLError {
  return createGraphQLError(
    "The server could not write this to the ledger, so nothing was recorded. Try again in a moment; if it keeps failing, tell the IT staff (the server's disk may be full).",
    { extensions: { code: "UNAVAILABLE", http: { status: 503 } } },
  );
}

/** Domain refusals become API errors, storage failures UNAVAILABLE; anything else stays unexpected (masked by yoga). */
export function toApiError(error: unknown): unknown {
  if (error instanceof DomainError) return apiError(error.code, error.message);
  if (error instanceof LedgerWriteError) return unavailable();
  return error;
}
