import { isDeepStrictEqual } from "node:util";
import type { Logger } from "pino";
import { DomainError } from "../domain/errors.js";
import type { CouncilCommand } from "../domain/council/commands.js";
import { decide } from "../domain/council/decide.js";
import { meetingOf, type CouncilEvent, type CouncilEventType } from "../domain/council/events.js";
import { evolve, initialState, type CouncilState } from "../domain/council/state.js";
import { ChainWalker, verifyChain, type LedgerHead, type StoredEntry } from "../ledger/chain.js";
import type { Ledger } from "../ledger/ledger.js";

export type Clock = () => string;
export const systemClock: Clock = () => new Date().toISOString();

/** What changed in one committed batch: subscribers of these meetings and votes are told. */
export interface Committed {
  readonly state: CouncilState;
  readonly meetingIds: ReadonlySet<string>;
  readonly voteIds: ReadonlySet<string>;
  /** The kinds of event the batch appended (backups follow vote closes). */
  readonly eventTypes: ReadonlySet<CouncilEventType>;
}

export interface Verification {
  readonly ok: boolean;
  readonly entries: number;
  readonly head: LedgerHead;
  readonly firstBadSeq: number | null;
  readonly problem: string | null;
  readonly readModelsMatch: boolean;
}

export class LedgerCorruptError extends Error {
  override name = "LedgerCorruptError";
  constructor(
    readonly seq: number,
    problem: string,
  ) {
    super(
      `Ledger entry ${seq} does not verify: ${problem}. The server will not serve from a ledger that does not verify; ` +
        "restore the latest verified backup.",
    );
  }
}

interface Pending {
  readonly command: CouncilCommand;
  readonly actor: string;
  readonly resolve: (state: CouncilState) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The one writer path. Every command is queued; the commands that queue while a commit is under
 * way form the next batch, committed in one transaction (group commit). Each command is decided
 * against the state including the batch's earlier commands and appended in its own savepoint, so a
 * refused command changes nothing and disturbs no other. Every command is answered after the
 * COMMIT; if the commit fails none is acknowledged.
 */
export class Council {
  private current: CouncilState;
  /** The ledger head `current` was built up to: the two change together. */
  private currentHead: LedgerHead;
  private queue: Pending[] = [];
  private drainScheduled = false;
  private lock: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(committed: Committed) => void>();
  /** How many transactions carried how many commands (group commit at work). */
  readonly stats = { batches: 0, commands: 0 };

  private constructor(
    private readonly ledger: Ledger,
    private readonly clock: Clock,
    private readonly log: Logger,
    state: CouncilState,
  ) {
    this.current = state;
    this.currentHead = ledger.head;
  }

  /** Rebuilds the read models from the ledger, verifying the chain on the way. */
  static async load(ledger: Ledger, clock: Clock, log: Logger): Promise<Council> {
    const started = performance.now();
    const entries = await ledger.readAll();
    const walker = new ChainWalker();
    let state = initialState;
    for (const entry of entries) {
      const problem = walker.check(entry);
      if (problem) throw new LedgerCorruptError(entry.seq, problem);
      walker.advance(entry);
      state = evolve(state, toEvent(entry), entry);
    }
    log.info({ entries: entries.length, ms: Math.round(performance.now() - started) }, "read models rebuilt from the ledger");
    return new Council(ledger, clock, log, state);
  }

  /** The server's time, as commands get it. */
  now(): string {
    return this.clock();
  }

  get state(): CouncilState {
    return this.current;
  }

  /**
   * The ledger head the state is at. Read with `state` in the same turn, the two belong together
   * (minutes name the head they were made from), even while a commit is being acknowledged.
   */
  get head(): LedgerHead {
    return this.currentHead;
  }

  /** Called after every committed batch, with the state after it. */
  onCommitted(listener: (committed: Committed) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Decides, appends and commits one command; resolves with the state after its batch. */
  execute(command: CouncilCommand, actor: string): Promise<CouncilState> {
    return new Promise((resolve, reject) => {
      this.queue.push({ command, actor, resolve, reject });
      if (!this.drainScheduled) {
        this.drainScheduled = true;
        void this.exclusive(async () => {
          this.drainScheduled = false;
          await this.commitBatch(this.queue.splice(0));
        });
      }
    });
  }

  /** Recomputes the chain and compares a fresh replay with the live read models. */
  verify(): Promise<Verification> {
    return this.exclusive(async () => {
      const entries = await this.ledger.readAll();
      const chain = verifyChain(entries);
      const replayed = chain.ok ? replay(entries) : null;
      return {
        ...chain,
        readModelsMatch: replayed !== null && isDeepStrictEqual(replayed, this.current),
      };
    });
  }

  /** Waits for every queued command, then stops taking the lock (the ledger is closed by its owner). */
  async drain(): Promise<void> {
    await this.exclusive(async () => undefined);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work);
    this.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    if (batch.length === 0) return;
    let working = this.current;
    const outcomes: Array<{ ok: true } | { ok: false; error: unknown }> = [];
    const appended: Array<{ pending: Pending; entries: StoredEntry[] }> = [];
    const changed = { meetingIds: new Set<string>(), voteIds: new Set<string>(), eventTypes: new Set<CouncilEventType>() };
    try {
      await this.ledger.transaction(async (tx) => {
        for (const pending of batch) {
          const at = this.clock();
          try {
            const events = decide(pending.command, working, { actor: pending.actor, at });
            let next = working;
            // Each event's seq is the one the ledger is about to give it (corrections name entries by seq).
            events.forEach((event, i) => (next = evolve(next, event, { at, actor: pending.actor, seq: tx.head.seq + i + 1 })));
            const entries = await tx.append(
              events.map((event) => ({ at, meeting: meetingOf(event), type: event.type, actor: pending.actor, payload: event.data })),
            );
            working = next;
            noteChanges(events, changed);
            appended.push({ pending, entries });
            outcomes.push({ ok: true });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      this.log.error({ err: error, commands: batch.length }, "ledger commit failed; no command of the batch is acknowledged");
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.current = working;
    this.currentHead = this.ledger.head;
    this.stats.batches += 1;
    this.stats.commands += batch.length;
    for (const { pending, entries } of appended) {
      if (entries.length > 0) {
        this.log.info(
          { actor: pending.actor, command: pending.command.type, seq: entries.map((e) => e.seq), types: entries.map((e) => e.type) },
          "ledger append",
        );
      }
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) pending.resolve(working);
      else {
        const error = outcome?.error;
        if (!(error instanceof DomainError)) this.log.error({ err: error, command: pending.command.type }, "command failed");
        pending.reject(error);
      }
    });
    if (changed.meetingIds.size > 0 || changed.voteIds.size > 0) {
      for (const listener of this.listeners) listener({ state: working, ...changed });
    }
  }
}

export function toEvent(entry: StoredEntry): CouncilEvent {
  // The ledger only holds what `decide` produced: type and payload belong together.
  return { type: entry.type, data: JSON.parse(entry.payload) } as CouncilEvent;
}

/** The state a ledger's entries build, from nothing. */
export function replay(entries: Iterable<StoredEntry>): CouncilState {
  let state = initialState;
  for (const entry of entries) state = evolve(state, toEvent(entry), entry);
  return state;
}

function noteChanges(
  events: readonly CouncilEvent[],
  changed: { meetingIds: Set<string>; voteIds: Set<string>; eventTypes: Set<CouncilEventType> },
): void {
  for (const event of events) {
    changed.eventTypes.add(event.type);
    const meetingId = meetingOf(event);
    if (meetingId !== null) changed.meetingIds.add(meetingId);
    if ("voteId" in event.data) changed.voteIds.add(event.data.voteId);
  }
}
