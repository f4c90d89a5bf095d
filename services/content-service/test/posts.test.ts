import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Audience } from "@nova/proto/user/v1";
import { count } from "drizzle-orm";
import { posts } from "../src/db/schema/index.ts";
import {
  body,
  type ContentHarness,
  DATABASE_KINDS,
  post,
  send,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`posts (${kind})`, () => {
    let h: ContentHarness;
    let ana: TestUser;
    let ben: TestUser;

    beforeAll(async () => {
      h = await startContentService(kind);
      ana = await h.user("ana");
      ben = await h.user("ben");
    }, 30_000);
    afterAll(() => h?.close());

    const postCount = async () => (await h.ctx.db.db.select({ n: count() }).from(posts))[0]?.n ?? 0;

    test("create: hashtags and resolved mentions, PostCreated + MentionCreated in the outbox", async () => {
      const media = [Bun.randomUUIDv7(), Bun.randomUUIDv7()];
      const p = await post(h, ana, {
        text: "Hello #Nova and #nova, hi @BEN and @nobody_here (mail ana@example.com)",
        mediaIds: media,
        contentWarning: "spoilers",
      });
      expect(p).toMatchObject({
        authorId: ana.id,
        hashtags: ["nova"],
        mentionedUserIds: [ben.id],
        mediaIds: media,
        visibility: "public",
        status: "published",
        edited: false,
        contentWarning: "spoilers",
        commentCount: 0,
      });
      expect(await h.events(p.id)).toEqual(["PostCreated", "MentionCreated"]);
      const read = await body(await h.request(`/api/v1/posts/${p.id}`));
      expect(read.text).toBe(p.text);
    });

    test("mentions honour the mentioned account's setting (nobody / people it follows)", async () => {
      await h.user("shy", { whoCanMention: Audience.NOBODY });
      const picky = await h.user("picky", { whoCanMention: Audience.FOLLOWING });
      expect((await post(h, ana, { text: "hi @shy and @picky" })).mentionedUserIds).toEqual([]);
      h.world.follow(picky.id, ana.id);
      expect((await post(h, ana, { text: "hi @shy and @picky" })).mentionedUserIds).toEqual([picky.id]);
    });

    test("create: the limit counts graphemes (500 family emoji are fine, 501 are not)", async () => {
      const family = "👩‍👩‍👧";
      expect((await post(h, ana, { text: family.repeat(500) })).text).toHaveLength(family.length * 500);
      const before = await postCount();
      const res = await h.request("/api/v1/posts", send("POST", { text: family.repeat(501) }, ana.token));
      expect(res.status).toBe(400);
      expect(JSON.stringify(await body(res))).toContain("text");
      expect(await postCount()).toBe(before);
    });

    test("create: bad input is a 400 naming the field, and nothing is stored", async () => {
      const before = await postCount();
      const cases: [Record<string, unknown>, string][] = [
        [{ text: "x", mediaIds: Array.from({ length: 11 }, () => Bun.randomUUIDv7()) }, "mediaIds"],
        [{ text: "x", visibility: "friends" }, "visibility"],
        [{ text: "" }, "text"],
        [{ text: "x", replyToPostId: "nope" }, "replyToPostId"],
        [{ text: "x", scheduledAt: new Date(Date.now() - 1000).toISOString() }, "scheduledAt"],
        [{ text: "x", surprise: true }, "surprise"],
      ];
      for (const [payload, field] of cases) {
        const res = await h.request("/api/v1/posts", send("POST", payload, ana.token));
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(JSON.stringify(await body(res))).toContain(field);
      }
      expect(await postCount()).toBe(before);
    });

    test("create: anonymous is 401, a reply to a missing post is 404", async () => {
      expect((await h.request("/api/v1/posts", send("POST", { text: "hi" }))).status).toBe(401);
      const res = await h.request(
        "/api/v1/posts",
        send("POST", { text: "hi", replyToPostId: Bun.randomUUIDv7() }, ana.token),
      );
      expect(res.status).toBe(404);
    });

    test("edit: keeps the history and shows edited; only the author may edit", async () => {
      const p = await post(h, ana, { text: "first version #one" });
      expect(
        (await h.request(`/api/v1/posts/${p.id}`, send("PATCH", { text: "stolen" }, ben.token))).status,
      ).toBe(403);
      const res = await h.request(
        `/api/v1/posts/${p.id}`,
        send("PATCH", { text: "second @ben #two" }, ana.token),
      );
      expect(res.status).toBe(200);
      const edited = await body(res);
      expect(edited).toMatchObject({ edited: true, hashtags: ["two"], mentionedUserIds: [ben.id] });
      expect(edited.editedAt).not.toBeNull();
      const history = await body(await h.request(`/api/v1/posts/${p.id}/history`));
      expect(history.versions.map((v: { text: string }) => v.text)).toEqual(["first version #one"]);
      expect(await h.events(p.id)).toEqual(["PostCreated", "PostEdited", "MentionCreated"]);
      // Visibility is fixed once published.
      const res2 = await h.request(
        `/api/v1/posts/${p.id}`,
        send("PATCH", { visibility: "followers" }, ana.token),
      );
      expect(res2.status).toBe(400);
    });

    test("edit: changing only the reply controls does not mark the post edited", async () => {
      const p = await post(h, ana, { text: "controls" });
      const res = await h.request(
        `/api/v1/posts/${p.id}`,
        send("PATCH", { replyPolicy: "mentioned", quotesAllowed: false }, ana.token),
      );
      expect(await body(res)).toMatchObject({
        edited: false,
        replyPolicy: "mentioned",
        quotesAllowed: false,
      });
    });

    test("delete: only the author; afterwards the post is gone everywhere", async () => {
      const p = await post(h, ana, { text: "short-lived #gone" });
      expect((await h.request(`/api/v1/posts/${p.id}`, { method: "DELETE", token: ben.token })).status).toBe(
        403,
      );
      expect((await h.request(`/api/v1/posts/${p.id}`, { method: "DELETE" })).status).toBe(401);
      expect((await h.request(`/api/v1/posts/${p.id}`, { method: "DELETE", token: ana.token })).status).toBe(
        204,
      );
      expect((await h.request(`/api/v1/posts/${p.id}`)).status).toBe(404);
      expect((await body(await h.request("/api/v1/hashtags/gone/posts"))).posts).toEqual([]);
      expect((await h.request(`/api/v1/posts/${p.id}`, { method: "DELETE", token: ana.token })).status).toBe(
        404,
      );
      expect(await h.events(p.id)).toEqual(["PostCreated", "PostDeleted"]);
    });

    test("a user's posts: newest first, cursor pages, with and without replies", async () => {
      const cy = await h.user("cy");
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push((await post(h, cy, { text: `post ${i}` })).id);
      const reply = await post(h, cy, { text: "a reply", replyToPostId: made[0] });
      const first = await body(await h.request(`/api/v1/users/${cy.id}/posts?limit=4`));
      expect(first.posts.map((p: { id: string }) => p.id)).toEqual([reply.id, made[4], made[3], made[2]]);
      const second = await body(
        await h.request(`/api/v1/users/${cy.id}/posts?limit=4&cursor=${first.nextCursor}`),
      );
      expect(second.posts.map((p: { id: string }) => p.id)).toEqual([made[1], made[0]]);
      expect(second.nextCursor).toBeNull();
      const noReplies = await body(await h.request(`/api/v1/users/${cy.id}/posts?replies=false`));
      expect(noReplies.posts).toHaveLength(5);
      expect((await h.request(`/api/v1/users/${cy.id}/posts?cursor=garbage`)).status).toBe(400);
    });

    test("hashtag pages are case-insensitive and accept a leading #", async () => {
      const p = await post(h, ben, { text: "about #Bun_Rocks" });
      for (const tag of ["bun_rocks", "BUN_ROCKS", encodeURIComponent("#Bun_Rocks")]) {
        const page = await body(await h.request(`/api/v1/hashtags/${tag}/posts`));
        expect(page.posts.map((x: { id: string }) => x.id)).toEqual([p.id]);
      }
      expect((await h.request("/api/v1/hashtags/%21%21/posts")).status).toBe(400);
    });

    test("unreadable ids are 400, unknown ones 404", async () => {
      expect((await h.request("/api/v1/posts/not-a-uuid")).status).toBe(400);
      expect((await h.request(`/api/v1/posts/${Bun.randomUUIDv7()}`)).status).toBe(404);
    });
  });
}
