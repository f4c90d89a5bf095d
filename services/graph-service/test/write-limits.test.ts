import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { follows } from "../src/db/schema/index.ts";
import { type GraphServiceHarness, put, startGraphService } from "./support/graph-service-harness.ts";

// Finding 12 of issue 15: follows were not rate limited.
describe("write rate limits (graph)", () => {
  let h: GraphServiceHarness;
  beforeAll(async () => {
    h = await startGraphService("pglite", { RATE_LIMIT_FOLLOWS: "3/1m,10/1d" });
  });
  afterAll(() => h?.close());

  test("the follow over the per-account limit is a 429 problem and follows no one", async () => {
    const me = await h.seedUser();
    const targets = [await h.seedUser(), await h.seedUser(), await h.seedUser(), await h.seedUser()];
    const statuses: number[] = [];
    for (const t of targets)
      statuses.push((await h.request(`/api/v1/users/${t.id}/follow`, put(me.token))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const last = await h.request(`/api/v1/users/${targets[3]?.id}/follow`, put(me.token));
    expect(last.headers.get("content-type")).toBe("application/problem+json");
    expect(last.headers.get("ratelimit-policy")).toBe(
      '"follows-account-1m";q=3;w=60, "follows-account-1d";q=10;w=86400',
    );
    expect(last.headers.get("ratelimit")).toMatch(/^"follows-account-1m";r=0;t=\d+$/);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    const stored = await h.ctx.db.db
      .select()
      .from(follows)
      .where(and(eq(follows.followerId, me.id), eq(follows.followeeId, targets[3]?.id as string)));
    expect(stored).toEqual([]);
  });
});
