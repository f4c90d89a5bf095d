import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { CacheStore } from "@nova/cache";
import { DomainError, problemResponse, RateLimitedError } from "@nova/errors";
import { z } from "zod";
import { createRateLimiter } from "../create-rate-limiter.ts";
import { createStreamCap } from "../create-stream-cap.ts";
import { parseRateWindows } from "../rate-window.ts";
import { createWriteLimits, writeLimitEnv } from "../write-limits.ts";

async function refusal(run: () => Promise<unknown>): Promise<RateLimitedError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof RateLimitedError) return err;
    throw err;
  }
  throw new Error("expected RateLimitedError");
}

/** The limiter's behaviour on a CacheStore adapter (embedded in `bun test`, Redis in the infra tier). */
export function describeRateLimitContract(label: string, makeStore: () => Promise<CacheStore>): void {
  describe(`rate limits on ${label}`, () => {
    let store: CacheStore;
    const prefix = `nova:test:rl:${crypto.randomUUID()}:`;
    let t = 1_800_000_000_000;
    const now = () => t;
    beforeAll(async () => {
      store = await makeStore();
    });
    afterAll(async () => {
      await store.deleteByPrefix(prefix);
      await store.close();
    });

    test("a sliding window refuses the event over the limit with Retry-After and the IETF fields", async () => {
      const limiter = createRateLimiter({ store, prefix, now });
      const subjects = [{ kind: "account", id: "a1", windows: parseRateWindows("3/1m,5/1h") }];
      for (let i = 0; i < 3; i++) {
        await limiter.consume("posts", subjects);
        t += 1000;
      }
      const err = await refusal(() => limiter.consume("posts", subjects));
      // The first event (3 s ago) leaves the one-minute window in 57 s.
      expect(err.details.retryAfterSeconds).toBe(57);
      const res = problemResponse(err);
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("57");
      expect(res.headers.get("ratelimit-policy")).toBe(
        '"posts-account-1m";q=3;w=60, "posts-account-1h";q=5;w=3600',
      );
      expect(res.headers.get("ratelimit")).toBe('"posts-account-1m";r=0;t=57');
      // It slides: a minute after the first event one more fits, then the hour window is what bites.
      t += 57_000;
      await limiter.consume("posts", subjects);
      t += 1000;
      await limiter.consume("posts", subjects);
      t += 1000;
      const hourly = await refusal(() => limiter.consume("posts", subjects));
      expect(problemResponse(hourly).headers.get("ratelimit")).toMatch(/^"posts-account-1h";r=0;t=\d+$/);
    });

    test("refused events are not counted; account and IP are counted together or not at all", async () => {
      const limiter = createRateLimiter({ store, prefix, now });
      const env = z
        .object(writeLimitEnv(["likes"]))
        .parse({ RATE_LIMIT_LIKES: "2/1m", RATE_LIMIT_LIKES_PER_IP: "3/1m" });
      const limits = createWriteLimits({ limiter, env, actions: ["likes"] });
      await limits.consume("likes", { accountId: "b1", ip: "203.0.113.1" });
      await limits.consume("likes", { accountId: "b1", ip: "203.0.113.1" });
      for (let i = 0; i < 5; i++)
        await refusal(() => limits.consume("likes", { accountId: "b1", ip: "203.0.113.1" }));
      // b1's refusals used none of the IP's room: another account on that IP gets exactly one more.
      await limits.consume("likes", { accountId: "b2", ip: "203.0.113.1" });
      const byIp = await refusal(() => limits.consume("likes", { accountId: "b3", ip: "203.0.113.1" }));
      expect(problemResponse(byIp).headers.get("ratelimit")).toBe('"likes-ip-1m";r=0;t=60');
      // Without an IP (gRPC port, no socket) only the account's windows apply.
      await limits.consume("likes", { accountId: "b3" });
    });

    test("a cache failure lets the write through and is reported", async () => {
      const errors: unknown[] = [];
      const broken = { ...store, zadmit: async () => Promise.reject(new Error("redis down")) } as CacheStore;
      const limiter = createRateLimiter({ store: broken, prefix, now, onError: (e) => errors.push(e) });
      await limiter.consume("posts", [{ kind: "account", id: "c1", windows: parseRateWindows("1/1m") }]);
      expect(errors).toHaveLength(1);
    });

    test("stream caps: at most N open per subject; a released or expired lease frees its place", async () => {
      const cap = createStreamCap({ store, prefix: `${prefix}streams:`, limit: 2, leaseMs: 30_000, now });
      const one = await cap.acquire("acct-1");
      const two = await cap.acquire("acct-1");
      const err = await refusal(() => cap.acquire("acct-1"));
      expect(err).toBeInstanceOf(DomainError);
      expect(problemResponse(err).status).toBe(429);
      await cap.acquire("acct-2"); // per subject
      await one.release();
      await one.release(); // idempotent
      const three = await cap.acquire("acct-1");
      await refusal(() => cap.acquire("acct-1"));
      // A replica that died holding `two` and `three` (no renewal, no release): free after the lease.
      t += 30_001;
      const four = await cap.acquire("acct-1");
      await Promise.all([two.release(), three.release(), four.release()]);
    });
  });
}
