import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  body,
  type ContentHarness,
  DATABASE_KINDS,
  post,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`visibility (${kind})`, () => {
    let h: ContentHarness;
    let author: TestUser;
    let follower: TestUser;
    let stranger: TestUser;
    let mentioned: TestUser;
    let ids: { pub: string; followers: string; mentioned: string };

    const status = async (id: string, who?: TestUser) =>
      (await h.request(`/api/v1/posts/${id}`, who ? { token: who.token } : {})).status;
    const timeline = async (userId: string, who?: TestUser) =>
      (
        await body(await h.request(`/api/v1/users/${userId}/posts`, who ? { token: who.token } : {}))
      ).posts.map((p: { id: string }) => p.id);

    beforeAll(async () => {
      h = await startContentService(kind);
      author = await h.user("vera");
      follower = await h.user("finn");
      stranger = await h.user("sam");
      mentioned = await h.user("mo");
      h.world.follow(follower.id, author.id);
      ids = {
        pub: (await post(h, author, { text: "for everyone" })).id,
        followers: (await post(h, author, { text: "for followers", visibility: "followers" })).id,
        mentioned: (await post(h, author, { text: "psst @mo", visibility: "mentioned" })).id,
      };
    }, 30_000);
    afterAll(() => h?.close());

    test("followers-only: the author and approved followers, nobody else", async () => {
      expect(await status(ids.followers, author)).toBe(200);
      expect(await status(ids.followers, follower)).toBe(200);
      expect(await status(ids.followers, stranger)).toBe(404);
      expect(await status(ids.followers)).toBe(404);
      expect(await timeline(author.id, stranger)).toEqual([ids.pub]);
      expect(await timeline(author.id, follower)).toEqual([ids.followers, ids.pub]);
    });

    test("mentioned-only: the author and the mentioned, not even followers", async () => {
      expect(await status(ids.mentioned, mentioned)).toBe(200);
      expect(await status(ids.mentioned, follower)).toBe(404);
      expect(await status(ids.mentioned)).toBe(404);
    });

    test("a private account's public posts: approved followers only", async () => {
      const priv = await h.user("pia", { privateAccount: true });
      h.world.follow(follower.id, priv.id);
      const p = await post(h, priv, { text: "private life" });
      expect(await status(p.id, follower)).toBe(200);
      expect(await status(p.id, stranger)).toBe(404);
      expect(await status(p.id)).toBe(404);
      expect(await timeline(priv.id, stranger)).toEqual([]);
    });

    test("a block hides posts both ways, on every read path", async () => {
      const blocker = await h.user("bea");
      const p = await post(h, blocker, { text: "#blocktest from bea" });
      const q = await post(h, stranger, { text: "#blocktest from sam" });
      h.world.block(blocker.id, stranger.id);
      expect(await status(p.id, stranger)).toBe(404);
      expect(await status(q.id, blocker)).toBe(404);
      expect(await timeline(blocker.id, stranger)).toEqual([]);
      const tagged = await body(
        await h.request("/api/v1/hashtags/blocktest/posts", { token: stranger.token }),
      );
      expect(tagged.posts.map((x: { id: string }) => x.id)).toEqual([q.id]);
      // Across a block: no reply, no quote, no comment, no mention.
      for (const payload of [
        { text: "hey", replyToPostId: p.id },
        { text: "hey", quoteOfPostId: p.id },
      ]) {
        const res = await h.request("/api/v1/posts", {
          method: "POST",
          body: JSON.stringify(payload),
          token: stranger.token,
        });
        expect(res.status).toBe(404);
      }
      const comment = await h.request(`/api/v1/posts/${p.id}/comments`, {
        method: "POST",
        body: JSON.stringify({ text: "hey" }),
        token: stranger.token,
      });
      expect(comment.status).toBe(404);
      const mention = await post(h, stranger, { text: "hi @bea" });
      expect(mention.mentionedUserIds).toEqual([]);
    });

    test("graph-service down: follower-only content is hidden (fail closed) and the error logged", async () => {
      h.world.graphDown = true;
      try {
        h.logs.length = 0;
        expect(await status(ids.followers, follower)).toBe(404);
        expect(await status(ids.pub, follower)).toBe(200);
        expect(await status(ids.followers, author)).toBe(200);
        expect(h.logs.some((l) => l.includes("graph-service unavailable"))).toBe(true);
        // A write that needs the graph answers 503 and stores nothing.
        const res = await h.request("/api/v1/posts", {
          method: "POST",
          body: JSON.stringify({ text: "reply", replyToPostId: ids.pub }),
          token: follower.token,
        });
        expect(res.status).toBe(503);
      } finally {
        h.world.graphDown = false;
      }
      expect(await status(ids.followers, follower)).toBe(200);
    });

    test("user-service down: posts whose privacy cannot be checked are hidden from others", async () => {
      // An author nobody has read yet: no cached private flag to fall back on.
      const unseen = await h.user("una");
      h.world.follow(follower.id, unseen.id);
      const fresh = await post(h, unseen, { text: "nobody read me yet" });
      h.world.userDown = true;
      try {
        expect(await status(fresh.id, stranger)).toBe(404);
        expect(await status(fresh.id, follower)).toBe(200);
        expect(await status(fresh.id, unseen)).toBe(200);
        // An author read before keeps its cached flag: its public post stays readable.
        expect(await status(ids.pub, stranger)).toBe(200);
      } finally {
        h.world.userDown = false;
      }
    });
  });
}
