import { afterAll, beforeAll, expect, test } from "bun:test";
import { body, startSearchService } from "./support/search-harness.ts";

let s: Awaited<ReturnType<typeof startSearchService>>;
beforeAll(async () => {
  s = await startSearchService({ RATE_LIMIT_SEARCHES: "2/1m" });
});
afterAll(() => s.close());

test("a signed-in account's searches are limited (429 beyond RATE_LIMIT_SEARCHES), nothing remembered then", async () => {
  const me = await s.account("limit_me");
  for (const q of ["one", "two"])
    expect((await s.request(`/api/v1/search/posts?q=${q}`, { token: me.token })).status).toBe(200);
  const refused = await s.request("/api/v1/search/posts?q=three", { token: me.token });
  expect(refused.status).toBe(429);
  const recent = await body(await s.request("/api/v1/search/recent", { token: me.token }));
  expect(recent.items.map((i: { query: string }) => i.query)).toEqual(["two", "one"]);
  // Anonymous searches are not counted per account.
  expect((await s.request("/api/v1/search/posts?q=three")).status).toBe(200);
});
