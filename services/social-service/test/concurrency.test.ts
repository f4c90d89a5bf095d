import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq, sql } from "drizzle-orm";
import { likes, postCounters, reposts } from "../src/db/schema/index.ts";
import {
  as,
  DATABASE_KINDS,
  type SocialServiceHarness,
  startSocialService,
  type TestUser,
} from "./support/social-service-harness.ts";

/** Deterministic pseudo-random sequence, so a failing interleaving can be rerun. */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

for (const kind of DATABASE_KINDS) {
  describe(`counters under concurrency (${kind})`, () => {
    let h: SocialServiceHarness;
    let users: TestUser[];

    beforeAll(async () => {
      h = await startSocialService(kind);
      users = await Promise.all(Array.from({ length: 50 }, () => h.user()));
    });
    afterAll(() => h?.close());

    const stored = async (postId: string) => {
      const [counter] = await h.ctx.db.db.select().from(postCounters).where(eq(postCounters.postId, postId));
      const [liked] = await h.ctx.db.db
        .select({ n: sql<number>`count(*)::int` })
        .from(likes)
        .where(and(eq(likes.subjectKind, "post"), eq(likes.subjectId, postId)));
      const [reposted] = await h.ctx.db.db
        .select({ n: sql<number>`count(*)::int` })
        .from(reposts)
        .where(eq(reposts.postId, postId));
      return { counter, likes: Number(liked?.n), reposts: Number(reposted?.n) };
    };

    test("200 concurrent like/unlike from 50 users: the counter equals count(*) of likes", async () => {
      const post = h.peers.addPost(users[0]?.id as string);
      const rnd = lcg(42);
      const ops = Array.from({ length: 200 }, () => {
        const u = users[Math.floor(rnd() * users.length)] as TestUser;
        return { u, method: rnd() < 0.6 ? "PUT" : "DELETE" };
      });
      const statuses = await Promise.all(
        ops.map(
          async ({ u, method }) =>
            (await h.request(`/api/v1/posts/${post}/like`, as(method, u.token))).status,
        ),
      );
      expect([...new Set(statuses)]).toEqual([200]);
      const s = await stored(post);
      expect(s.likes).toBeGreaterThan(0);
      expect(s.counter?.likes).toBe(s.likes);
      // And what clients read (cache invalidated after each commit) agrees.
      const [view] = (await h.rpc().batchGetEngagement({ postIds: [post] })).engagements;
      expect(view?.counts?.likes).toBe(BigInt(s.likes));
    });

    test("the same user racing like and unlike ends consistent; repost races too", async () => {
      const post = h.peers.addPost(users[0]?.id as string);
      const racers = users.slice(0, 10);
      const statuses = await Promise.all(
        racers
          .flatMap((u) => [
            h.request(`/api/v1/posts/${post}/like`, as("PUT", u.token)),
            h.request(`/api/v1/posts/${post}/like`, as("DELETE", u.token)),
            h.request(`/api/v1/posts/${post}/like`, as("PUT", u.token)),
            h.request(`/api/v1/posts/${post}/repost`, as("POST", u.token)),
            h.request(`/api/v1/posts/${post}/repost`, as("POST", u.token)),
            h.request(`/api/v1/posts/${post}/repost`, as("DELETE", u.token)),
          ])
          .map(async (res) => (await res).status),
      );
      // 60 writes at once may overrun the one-connection PGlite's wait queue: those are shed with
      // 503 and change nothing; the rest must leave the counters equal to the rows.
      expect(statuses.filter((st) => st !== 503 && (st < 200 || st > 201))).toEqual([]);
      expect(statuses.filter((st) => st !== 503).length).toBeGreaterThan(0);
      const s = await stored(post);
      expect(s.counter?.likes ?? 0).toBe(s.likes);
      expect(s.counter?.reposts ?? 0).toBe(s.reposts);
    });
  });
}
