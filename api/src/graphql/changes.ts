import type { Committed, Council } from "../app/council.js";

/**
 * A subscription's stream of "something you watch changed" signals, starting with one at once (so
 * that a client that reconnects gets the current state). Signals coalesce: a slow subscriber gets
 * the latest state, never a backlog. The listener is registered before the first signal is read,
 * so no commit falls between the snapshot and the stream.
 */
export function changes(council: Council, watches: (committed: Committed) => boolean): AsyncIterableIterator<true> {
  let pending = true;
  let finished = false;
  let wake: (() => void) | null = null;
  const stop = council.onCommitted((committed) => {
    if (!watches(committed)) return;
    pending = true;
    wake?.();
  });
  const finish = async (): Promise<IteratorResult<true>> => {
    finished = true;
    stop();
    wake?.();
    return { done: true, value: undefined };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<true>> {
      while (!finished && !pending) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (finished) return { done: true, value: undefined };
      pending = false;
      return { done: false, value: true };
    },
    return: finish,
    throw: async (error: unknown) => {
      await finish();
      throw error;
    },
  };
}
