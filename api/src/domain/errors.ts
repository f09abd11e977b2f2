/** The contract's error codes (contract/schema.graphql). */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_INPUT"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "NOT_IMPLEMENTED";

/** A broken rule. The message is for people: it says what was refused and why. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "DomainError";
    this.code = code;
  }
}

export const notFound = (what: string): DomainError => new DomainError("NOT_FOUND", `${what} was not found.`);
export const forbidden = (message: string): DomainError => new DomainError("FORBIDDEN", message);
export const badInput = (message: string): DomainError => new DomainError("BAD_INPUT", message);
export const conflict = (message: string): DomainError => new DomainError("CONFLICT", message);
