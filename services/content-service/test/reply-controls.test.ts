import { afterAll, beforeAll, describe, expect, test } from "bun:test";
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
  describe(`reply and quote controls (${kind})`, () => {
    let h: ContentHarness;
    let author: TestUser;
    let friend: TestUser;
    let other: TestUser;

    const reply = (who: TestUser, payload: Record<string, unknown>) =>
      h.request("/api/v1/posts", send("POST", { text: "reply", ...payload }, who.token));
    const comment = (who: TestUser, postId: string) =>
      h.request(`/api/v1/posts/${postId}/comments`, send("POST", { text: "a comment" }, who.token));

    beforeAll(async () => {
      h = await startContentService(kind);
      author = await h.user("ada");
      friend = await h.user("fred");
      other = await h.user("olga");
      h.world.follow(author.id, friend.id); // the author follows fred
    }, 30_000);
    afterAll(() => h?.close());

    test("everyone (default): anyone who can see the post may reply and quote", async () => {
      const p = await post(h, author, { text: "open" });
      const r = await reply(other, { replyToPostId: p.id });
      expect(r.status).toBe(201);
      expect((await body(r)).replyToPostId).toBe(p.id);
      expect((await reply(other, { quoteOfPostId: p.id })).status).toBe(201);
      expect((await comment(other, p.id)).status).toBe(201);
    });

    test("people the author follows: others get 403 on replies and comments", async () => {
      const p = await post(h, author, { text: "friends only", replyPolicy: "following" });
      expect((await reply(friend, { replyToPostId: p.id })).status).toBe(201);
      expect((await reply(other, { replyToPostId: p.id })).status).toBe(403);
      expect((await comment(friend, p.id)).status).toBe(201);
      expect((await comment(other, p.id)).status).toBe(403);
      expect((await reply(author, { replyToPostId: p.id })).status).toBe(201);
    });

    test("mentioned only: just the mentioned may reply", async () => {
      const p = await post(h, author, { text: "@olga what do you think?", replyPolicy: "mentioned" });
      expect((await reply(other, { replyToPostId: p.id })).status).toBe(201);
      expect((await reply(friend, { replyToPostId: p.id })).status).toBe(403);
    });

    test("quotes off: nobody but the author may quote", async () => {
      const p = await post(h, author, { text: "no quotes", quotesAllowed: false });
      const res = await reply(other, { quoteOfPostId: p.id });
      expect(res.status).toBe(403);
      expect((await body(res)).code).toBe("permission_denied");
      expect((await reply(author, { quoteOfPostId: p.id })).status).toBe(201);
      // Replies are still allowed.
      expect((await reply(other, { replyToPostId: p.id })).status).toBe(201);
    });

    test("a post the replier cannot see is 404, not 403", async () => {
      const p = await post(h, author, { text: "followers", visibility: "followers" });
      expect((await reply(other, { replyToPostId: p.id })).status).toBe(404);
    });
  });
}
