import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RateLimiter } from "./rateLimit.js";

describe("a user's rate limit", () => {
  it("lets a burst through, refuses beyond it, and refills with time", () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 2 }, () => now);
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.take("clerk-1")), [true, true, true, false]);
    assert.equal(limiter.take("clerk-2"), true, "each user has their own bucket");
    now = 500;
    assert.equal(limiter.take("clerk-1"), true, "half a second refills one token");
    assert.equal(limiter.take("clerk-1"), false);
  });
  it("leaves a clerk's 45-member roll-call at once well inside the default", () => {
    const limiter = new RateLimiter();
    assert.ok(Array.from({ length: 45 }, () => limiter.take("clerk-1")).every(Boolean));
  });
});
