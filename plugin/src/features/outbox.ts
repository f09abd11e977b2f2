import { ApiError } from "../graphql/client.js";
import { readJson, writeJson, type LocalStore } from "./offline.js";

/**
 * The clerk's outbox (DESIGN.md, Outages): a hand count entered while the API cannot be reached is
 * kept in this browser and sent, with its idempotency key, when the API answers again. It is written
 * to localStorage before the clerk is told it is queued, so a reload (or a closed laptop) loses
 * nothing; sending it twice (a retry after a lost answer, two tabs) records it once, because the
 * server knows the key.
 *
 * An entry is "queued" until the server answers: "confirmed" when it recorded it, "refused" (with
 * the server's reason) when it will not — then nothing was recorded and the clerk decides what to
 * do. A network failure, a server error or a rate limit leaves it queued for the next try.
 */

export type OutboxState = "queued" | "sending" | "confirmed" | "refused";

/** A hand count as HandCountInput, without its key. */
export interface HandCountVariables {
  readonly voteId: string | null;
  readonly itemId: string | null;
  readonly question: string | null;
  readonly majority?: string;
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly countedAt: string;
  readonly reason: string;
}

export interface OutboxEntry {
  /** The idempotency key: the entry's identity on both sides. */
  readonly key: string;
  readonly kind: "handCount";
  readonly meetingId: string;
  /** What the clerk sees in the list: the item's number and the question. */
  readonly itemNumber: number;
  readonly question: string;
  readonly variables: HandCountVariables;
  readonly queuedAt: string;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly lastTriedAt: string | null;
  readonly confirmedAt: string | null;
  /** Why the server refused it, or why the last try failed. */
  readonly message: string | null;
}

export type Send = (entry: OutboxEntry) => Promise<void>;

/** Codes that say "try again later" rather than "this will never be recorded". */
const RETRYABLE = new Set(["NETWORK", "BAD_RESPONSE", "RATE_LIMITED", "UNAUTHENTICATED"]);
const RETRY_MS = 5000;

export class OutboxStorageError extends Error {
  override name = "OutboxStorageError";
}

export class Outbox {
  private list: readonly OutboxEntry[];
  private readonly listeners = new Set<() => void>();
  private flushing: Promise<void> | null = null;
  private readonly storageKey: string;

  constructor(
    store: LocalStore,
    private readonly send: Send,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.storageKey = store.key("outbox");
    // An entry left "sending" by a page that went away is queued: its key makes resending safe.
    this.list = (readJson<OutboxEntry[]>(this.storageKey) ?? []).map((e) => (e.state === "sending" ? { ...e, state: "queued" } : e));
  }

  entries = (): readonly OutboxEntry[] => this.list;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The entries waiting to be sent (queued or being sent). */
  pending(): readonly OutboxEntry[] {
    return this.list.filter((e) => e.state === "queued" || e.state === "sending");
  }

  /**
   * Keeps the entry (throws OutboxStorageError if this browser will not), then tries to send it.
   * Resolves with the entry as it stands after that first try.
   */
  async add(entry: Omit<OutboxEntry, "state" | "attempts" | "lastTriedAt" | "confirmedAt" | "message" | "queuedAt">): Promise<OutboxEntry> {
    const queued: OutboxEntry = { ...entry, queuedAt: this.now().toISOString(), state: "queued", attempts: 0, lastTriedAt: null, confirmedAt: null, message: null };
    const list = [...this.list, queued];
    // Nothing is said to be queued that is not written down.
    if (!writeJson(this.storageKey, list)) {
      throw new OutboxStorageError("This browser would not keep the entry (storage is full or disabled).");
    }
    this.list = list;
    this.emit();
    await this.flush();
    return this.list.find((e) => e.key === entry.key) ?? queued;
  }

  /** Removes an entry from the list (a confirmed one the clerk has seen, or a refused one dealt with). */
  dismiss(key: string): void {
    const entry = this.list.find((e) => e.key === key);
    if (!entry || entry.state === "queued" || entry.state === "sending") return;
    this.save(this.list.filter((e) => e.key !== key));
  }

  /** Sends the queued entries in the order they were made; stops at the first that cannot get through. */
  flush(): Promise<void> {
    this.flushing ??= this.sendQueued().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /**
   * Keeps trying while entries are queued: every few seconds, at once when the browser is back
   * online, and when another tab changes the list. Returns stop().
   */
  start(): () => void {
    const tick = () => {
      if (this.pending().length > 0) void this.flush();
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key !== this.storageKey) return;
      this.list = readJson<OutboxEntry[]>(this.storageKey) ?? [];
      this.emit();
    };
    const timer = setInterval(tick, RETRY_MS);
    window.addEventListener("online", tick);
    window.addEventListener("storage", onStorage);
    tick();
    return () => {
      clearInterval(timer);
      window.removeEventListener("online", tick);
      window.removeEventListener("storage", onStorage);
    };
  }

  private async sendQueued(): Promise<void> {
    for (;;) {
      const next = this.list.find((e) => e.state === "queued");
      if (!next) return;
      const triedAt = this.now().toISOString();
      this.update(next.key, { state: "sending", attempts: next.attempts + 1, lastTriedAt: triedAt });
      try {
        await this.send(next);
        this.update(next.key, { state: "confirmed", confirmedAt: this.now().toISOString(), message: null });
      } catch (error) {
        const code = error instanceof ApiError ? error.code : "NETWORK";
        const message = error instanceof Error ? error.message : String(error);
        if (RETRYABLE.has(code)) {
          this.update(next.key, { state: "queued", message });
          return;
        }
        this.update(next.key, { state: "refused", message });
      }
    }
  }

  private update(key: string, change: Partial<OutboxEntry>): void {
    this.save(this.list.map((e) => (e.key === key ? { ...e, ...change } : e)));
  }

  private save(list: readonly OutboxEntry[]): boolean {
    const kept = writeJson(this.storageKey, list);
    // In memory the list is always current; what could not be written is retried by the next save.
    this.list = list;
    this.emit();
    return kept;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
