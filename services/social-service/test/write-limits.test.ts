import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { likes } from "../src/db/schema/index.ts";
import {
  as,
  type SocialServiceHarness,
  startSocialService,
  type TestUser,
} from "./support/social-service-harness.ts";

// Finding 12 of issue 15: likes, reposts and the rest were not rate limited.
describe("write rate limits (social)", () => {
  let h: SocialServiceHarness;
  let author: TestUser;
  let fan: TestUser;

  beforeAll(async () => {
    h = await startSocialService("pglite", {
      RATE_LIMIT_LIKES: "4/1m",
      RATE_LIMIT_REPOSTS: "2/1m,3/1h",
      RATE_LIMIT_BOOKMARKS: "3/1m",
    });
    [author, fan] = [await h.user(), await h.user()];
  });
  afterAll(() => h?.close());

  test("likes over the per-account limit: 429 problem with RateLimit fields; the refused like is not stored", async () => {
    const posts = Array.from({ length: 6 }, () => h.peers.addPost(author.id));
    const statuses: number[] = [];
    for (const p of posts)
      statuses.push((await h.request(`/api/v1/posts/${p}/like`, as("PUT", fan.token))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const refused = await h.request(`/api/v1/posts/${posts[5]}/like`, as("PUT", fan.token));
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-policy")).toBe('"likes-account-1m";q=4;w=60');
    expect(refused.headers.get("ratelimit")).toMatch(/^"likes-account-1m";r=0;t=\d+$/);
    const stored = await h.ctx.db.db
      .select()
      .from(likes)
      .where(and(eq(likes.accountId, fan.id), eq(likes.subjectId, posts[5] as string)));
    expect(stored).toEqual([]);
  });

  test("reposts through GraphQL share the verb's limit (RATE_LIMITED)", async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const post = h.peers.addPost(author.id);
      const r = await h.graphql("mutation($p: ID!) { repost(postId: $p) { id } }", { p: post }, fan.token);
      codes.push(r.errors?.[0]?.extensions?.code);
    }
    expect(codes).toEqual([undefined, undefined, "RATE_LIMITED"]);
  });

  test("bookmarks have their own limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const post = h.peers.addPost(author.id);
      statuses.push((await h.request(`/api/v1/posts/${post}/bookmark`, as("PUT", author.token))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
