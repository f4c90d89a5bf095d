import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import {
  body,
  type ContentHarness,
  post,
  send,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

// Finding 12 of issue 15: writes were not rate limited (60 posts in a row, all 201).
describe("write rate limits (content)", () => {
  let h: ContentHarness;
  let spammer: TestUser;
  let other: TestUser;
  const postsBy = async (who: TestUser) => {
    const rows = await h.ctx.db.db.execute<{ n: number }>(
      sql`select count(*)::int as n from content_service.posts where author_id = ${who.id}`,
    );
    return Number(
      (rows as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ??
        (rows as unknown as { n: number }[])[0]?.n,
    );
  };

  beforeAll(async () => {
    h = await startContentService("pglite", {
      env: { RATE_LIMIT_POSTS: "5/1m,8/1h", RATE_LIMIT_COMMENTS: "3/1m", RATE_LIMIT_POSTS_PER_IP: "7/1m" },
    });
    spammer = await h.user("spammer");
    other = await h.user("bystander");
  }, 30_000);
  afterAll(() => h?.close());

  test("the post over the per-account limit is a 429 problem with Retry-After and RateLimit fields, and writes nothing", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await h.request("/api/v1/posts", send("POST", { text: `spam ${i}` }, spammer.token))).status,
      );
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const refused = await h.request("/api/v1/posts", send("POST", { text: "one more" }, spammer.token));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-policy")).toBe(
      '"posts-account-1m";q=5;w=60, "posts-account-1h";q=8;w=3600',
    );
    expect(refused.headers.get("ratelimit")).toMatch(/^"posts-account-1m";r=0;t=\d+$/);
    expect((await body(refused)).code).toBe("rate_limited");
    expect(await postsBy(spammer)).toBe(5);
    // Another account is not affected.
    expect((await h.request("/api/v1/posts", send("POST", { text: "hello" }, other.token))).status).toBe(201);
  });

  test("GraphQL's createPost is the same verb: the same limit, as RATE_LIMITED", async () => {
    const res = await h.graphql(
      "mutation($input: CreatePostInput!) { createPost(input: $input) { id } }",
      { input: { text: "via graphql" } },
      spammer.token,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(await postsBy(spammer)).toBe(5);
  });

  test("comments have their own per-account limit", async () => {
    const target = await post(h, other, { text: "comment here" });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await h.request(`/api/v1/posts/${target.id}/comments`, send("POST", { text: `c${i}` }, other.token)))
          .status,
      );
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  test("per IP: accounts sharing an address share its limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const author = await h.user(`sock${i}`);
      statuses.push(
        (
          await h.request("/api/v1/posts", {
            ...send("POST", { text: `from one address ${i}` }, author.token),
            ip: "198.51.100.20",
          })
        ).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 429, 429]);
    const elsewhere = await h.user("elsewhere");
    expect(
      (
        await h.request("/api/v1/posts", {
          ...send("POST", { text: "other address" }, elsewhere.token),
          ip: "198.51.100.21",
        })
      ).status,
    ).toBe(201);
  });
});
