import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { body, startSearchService } from "./support/search-harness.ts";

// A long hold makes "still held" deterministic; production's default is 1 s.
describe("typeahead answers held per instance (SUGGEST_CACHE_TTL)", () => {
  let s: Awaited<ReturnType<typeof startSearchService>>;
  let off: Awaited<ReturnType<typeof startSearchService>>;
  beforeAll(async () => {
    s = await startSearchService({ SUGGEST_CACHE_TTL: "60s" });
    off = await startSearchService({ SUGGEST_CACHE_TTL: "0" });
  });
  afterAll(async () => {
    await s.close();
    await off.close();
  });

  const names = async (h: typeof s, token?: string) =>
    (await body(await h.request("/api/v1/search/suggest?q=zeb", token ? { token } : {}))).items.map(
      (i: { username?: string; tag?: string }) => i.username ?? i.tag,
    );

  test("the anonymous answer is held; a signed-in viewer's is asked each time; 0 holds nothing", async () => {
    const viewer = await s.account("viewer_q");
    expect(await names(s)).toEqual([]);
    await s.account("zebra_keeper");
    expect(await names(s)).toEqual([]);
    expect(await names(s, viewer.token)).toEqual(["zebra_keeper"]);

    expect(await names(off)).toEqual([]);
    await off.account("zebra_keeper");
    expect(await names(off)).toEqual(["zebra_keeper"]);
  });
});
