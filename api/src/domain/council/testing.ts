import assert from "node:assert/strict";
import { DomainError, type ErrorCode } from "../errors.js";
import type { CouncilCommand } from "./commands.js";
import { SYSTEM_ACTOR } from "./commands.js";
import { decide } from "./decide.js";
import type { CouncilEvent } from "./events.js";
import { evolve, initialState, type CouncilState } from "./state.js";
import { demoCouncil } from "../../demo/council.js";

export const AT = "2026-12-14T17:00:00.000Z";

/** A past event, with who caused it (system by default) and when (AT by default). */
export type Given = CouncilEvent | { readonly event: CouncilEvent; readonly actor: string; readonly at?: string };

/** The state a history builds; each event gets the seq the ledger would give it (1, 2, ...). */
export function stateOf(history: readonly Given[]): CouncilState {
  return history.reduce<CouncilState>((state, g, i) => {
    const { event, actor, at = AT } = "event" in g ? g : { event: g, actor: SYSTEM_ACTOR };
    return evolve(state, event, { at, actor, seq: i + 1 });
  }, initialState);
}

/** given(history).when(command, actor, at).then(events) | .thenRefused(code) — emmett's decider spec. */
export function given(history: readonly Given[]) {
  const state = stateOf(history);
  return {
    when(command: CouncilCommand, actor: string = SYSTEM_ACTOR, at: string = AT) {
      const run = () => decide(command, state, { actor, at });
      return {
        then(expected: readonly CouncilEvent[]): void {
          assert.deepEqual(run(), expected);
        },
        thenRefused(code: ErrorCode, message?: RegExp): void {
          assert.throws(run, (error: unknown) => {
            assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
            assert.equal(error.code, code, error.message);
            if (message) assert.match(error.message, message);
            return true;
          });
        },
        /** The state after the command's events. */
        thenState(): CouncilState {
          return run().reduce<CouncilState>((s, e, i) => evolve(s, e, { at, actor, seq: history.length + i + 1 }), state);
        },
      };
    },
  };
}

/** The demo council's two seeding commands (api/src/demo/council.ts), for building histories. */
export function demoCommands() {
  const [register, schedule] = demoCouncil();
  if (register?.type !== "RegisterAssembly" || schedule?.type !== "ScheduleMeeting") {
    throw new Error("demoCouncil() no longer starts with RegisterAssembly and ScheduleMeeting");
  }
  return { register, schedule };
}

/**
 * A history built by the rules themselves: each command is decided against the state so far and its
 * events appended (as `actor`, at `at`), so a long meeting reads as the commands that made it.
 * A refused command throws.
 */
export class Script {
  private readonly events: Given[];
  private current: CouncilState;

  constructor(history: readonly Given[] = []) {
    this.events = [...history];
    this.current = stateOf(history);
  }

  run(command: CouncilCommand, actor: string = SYSTEM_ACTOR, at: string = AT): this {
    for (const event of decide(command, this.current, { actor, at })) {
      this.events.push({ event, actor, at });
      this.current = evolve(this.current, event, { at, actor, seq: this.events.length });
    }
    return this;
  }

  get history(): readonly Given[] {
    return this.events;
  }

  get state(): CouncilState {
    return this.current;
  }
}
