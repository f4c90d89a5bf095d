import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { count } from "drizzle-orm";
import { posts } from "../src/db/schema/index.ts";
import { hidePost } from "../src/domain/hide-post.ts";
import type { ModerationHook } from "../src/domain/moderation-hook.ts";
import {
  body,
  type ContentHarness,
  DATABASE_KINDS,
  post,
  send,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

/** A stand-in for trust-safety's hook: refuses any post containing "forbidden". */
const strictHook: ModerationHook = {
  review: async (c) =>
    c.text.includes("forbidden") ? { action: "reject", reason: "policy" } : { action: "publish" },
};

for (const kind of DATABASE_KINDS) {
  describe(`moderation (${kind})`, () => {
    let h: ContentHarness;
    let author: TestUser;
    let reader: TestUser;

    beforeAll(async () => {
      h = await startContentService(kind, { overrides: { moderation: strictHook } });
      author = await h.user("mod_author");
      reader = await h.user("mod_reader");
    }, 30_000);
    afterAll(() => h?.close());

    test("the hook runs before publishing: a rejected post is refused and nothing is stored", async () => {
      const before = (await h.ctx.db.db.select({ n: count() }).from(posts))[0]?.n;
      const res = await h.request(
        "/api/v1/posts",
        send("POST", { text: "something forbidden" }, author.token),
      );
      expect(res.status).toBe(422);
      expect((await body(res)).code).toBe("unprocessable_content");
      expect((await h.ctx.db.db.select({ n: count() }).from(posts))[0]?.n).toBe(before);
      // Drafts are not reviewed until they are published.
      const d = await post(h, author, { text: "forbidden draft", draft: true });
      expect(
        (await h.request(`/api/v1/posts/${d.id}`, send("PATCH", { publish: true }, author.token))).status,
      ).toBe(422);
    });

    test("hidePost (a later verdict) removes a post from every read path and emits PostHidden once", async () => {
      const p = await post(h, author, { text: "fine at first #hideme" });
      expect(await hidePost({ ctx: h.ctx, input: { id: p.id, reason: "spam" } })).toEqual({ hidden: true });
      expect(await hidePost({ ctx: h.ctx, input: { id: p.id, reason: "spam" } })).toEqual({ hidden: false });
      expect((await h.request(`/api/v1/posts/${p.id}`, { token: reader.token })).status).toBe(404);
      expect((await body(await h.request("/api/v1/hashtags/hideme/posts"))).posts).toEqual([]);
      expect((await body(await h.request(`/api/v1/users/${author.id}/posts`))).posts).toEqual([]);
      expect((await h.rpc(reader.token).batchGetPosts({ postIds: [p.id] })).posts).toEqual([]);
      expect(await h.events(p.id)).toEqual(["PostCreated", "PostHidden"]);
    });
  });
}
