import { createGraphQLError } from "graphql-yoga";
import type { GraphQLError } from "graphql";
import { DomainError, type ErrorCode } from "../domain/errors.js";

/** An expected error: passes yoga's masking with its code and a message a person can read. */
export function apiError(code: ErrorCode, message: string, status?: number): GraphQLError {
  return createGraphQLError(message, { extensions: { code, ...(status ? { http: { status } } : {}) } });
}

/** Domain refusals become API errors; anything else stays unexpected (masked by yoga). */
export function toApiError(error: unknown): unknown {
  return error instanceof DomainError ? apiError(error.code, error.message) : error;
}
