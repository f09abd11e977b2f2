import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { ApiError } from "../graphql/client.js";
import { LocalStore } from "./offline.js";
import { Outbox, OutboxStorageError, type OutboxEntry, type Send } from "./outbox.js";

/** The browser's localStorage, in memory; `full` makes every write fail as a full disk would. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  full = false;
  get length(): number {
    return this.items.size;
  }
  key(i: number): string | null {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new Error("QuotaExceededError");
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

let storage: MemoryStorage;
const store = new LocalStore("clerk-1");

beforeEach(() => {
  storage = new MemoryStorage();
  Object.defineProperty(globalThis, "localStorage", { value: storage, configurable: true });
});

const count = (key: string, yes = 24) => ({
  key,
  kind: "handCount" as const,
  meetingId: "kf",
  itemNumber: 2,
  question: "Budget",
  variables: { voteId: "v1", itemId: null, question: null, yes, no: 15, abstain: 5, countedAt: "2026-12-14T16:50:00.000Z", reason: "Nätet låg nere" },
});

/** A server as the outbox sees it: answers with what `answer` says, and notes what was sent. */
function server(answer: (entry: OutboxEntry) => "ok" | ApiError): { send: Send; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    send: async (entry) => {
      sent.push(entry.key);
      const a = answer(entry);
      if (a !== "ok") throw a;
    },
  };
}

const down = () => new ApiError("Failed to fetch", "NETWORK");
const kept = (): OutboxEntry[] => JSON.parse(storage.getItem(store.key("outbox")) ?? "[]") as OutboxEntry[];

describe("the clerk's outbox", () => {
  it("given the server answers, a count is sent at once and confirmed", async () => {
    const { send, sent } = server(() => "ok");
    const entry = await new Outbox(store, send).add(count("k1"));
    assert.equal(entry.state, "confirmed");
    assert.deepEqual(sent, ["k1"]);
    assert.equal(kept()[0]?.state, "confirmed");
  });

  it("given the server cannot be reached, the count is kept as queued, written to storage before the answer", async () => {
    let storedWhenSent: OutboxEntry[] = [];
    const outbox = new Outbox(store, async () => {
      storedWhenSent = kept();
      throw down();
    });
    const entry = await outbox.add(count("k1"));
    assert.equal(entry.state, "queued");
    assert.equal(entry.attempts, 1);
    assert.equal(storedWhenSent[0]?.key, "k1");
    assert.deepEqual(kept().map((e) => [e.key, e.state]), [["k1", "queued"]]);
  });

  it("when the server answers again, the queued counts are sent in the order entered, with their keys", async () => {
    let up = false;
    const { send, sent } = server(() => (up ? "ok" : down()));
    const outbox = new Outbox(store, send);
    await outbox.add(count("k1"));
    await outbox.add(count("k2", 20));
    assert.deepEqual(sent, ["k1", "k1"], "a failed send stops the round: k2 waits behind k1");
    up = true;
    await outbox.flush();
    assert.deepEqual(sent.slice(2), ["k1", "k2"]);
    assert.deepEqual(outbox.entries().map((e) => e.state), ["confirmed", "confirmed"]);
  });

  it("given the server refuses a count, it is marked refused with the reason and the next is still sent", async () => {
    let up = false;
    const { send } = server((e) => (!up ? down() : e.key === "k1" ? new ApiError("The vote is closed.", "CONFLICT") : "ok"));
    const outbox = new Outbox(store, send);
    await outbox.add(count("k1"));
    await outbox.add(count("k2"));
    up = true;
    await outbox.flush();
    assert.deepEqual(outbox.entries().map((e) => [e.key, e.state, e.message]), [
      ["k1", "refused", "The vote is closed."],
      ["k2", "confirmed", null],
    ]);
  });

  it("a rate limit or a server error leaves the count queued for the next try", async () => {
    for (const code of ["RATE_LIMITED", "BAD_RESPONSE", "UNAUTHENTICATED"]) {
      storage.items.clear();
      const outbox = new Outbox(store, async () => {
        throw new ApiError("later", code);
      });
      assert.equal((await outbox.add(count(`k-${code}`))).state, "queued", code);
    }
  });

  it("after a reload the queued counts are there, and one left sending by the page that went away is queued again", async () => {
    const first = new Outbox(store, async () => {
      throw down();
    });
    await first.add(count("k1"));
    // The page went away mid-send.
    storage.setItem(store.key("outbox"), JSON.stringify(kept().map((e) => ({ ...e, state: "sending" }))));
    const { send, sent } = server(() => "ok");
    const reloaded = new Outbox(store, send);
    assert.deepEqual(reloaded.entries().map((e) => e.state), ["queued"]);
    await reloaded.flush();
    assert.deepEqual(sent, ["k1"]);
    assert.equal(reloaded.entries()[0]?.state, "confirmed");
  });

  it("given the browser will not store it, the count is refused at once and nothing is said to be queued", async () => {
    storage.full = true;
    const { send, sent } = server(() => "ok");
    const outbox = new Outbox(store, send);
    await assert.rejects(outbox.add(count("k1")), OutboxStorageError);
    assert.deepEqual(outbox.entries(), []);
    assert.deepEqual(sent, []);
  });

  it("only a confirmed or refused entry can be dismissed; a queued one stays until the server has it", async () => {
    const outbox = new Outbox(store, async () => {
      throw down();
    });
    await outbox.add(count("k1"));
    outbox.dismiss("k1");
    assert.equal(outbox.entries().length, 1);
  });

  it("signing out forgets the meeting state kept, not the counts still to send", async () => {
    store.saveSession({ viewer: { userId: "clerk-1", displayName: "Clerk", roles: ["CLERK"], member: null }, meetingId: "kf" });
    await new Outbox(store, async () => {
      throw down();
    }).add(count("k1"));
    store.forget();
    assert.equal(store.session(), null);
    assert.equal(kept().length, 1);
  });

  it("two flushes at once send each entry once", async () => {
    const { send, sent } = server(() => "ok");
    const outbox = new Outbox(store, async () => {
      throw down();
    });
    await outbox.add(count("k1"));
    const again = new Outbox(store, send);
    await Promise.all([again.flush(), again.flush()]);
    assert.deepEqual(sent, ["k1"]);
  });
});
