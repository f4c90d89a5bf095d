import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CommentCreatedSchema } from "@nova/proto/content/v1";
import { eq } from "drizzle-orm";
import { outbox } from "../src/db/schema/index.ts";
import {
  as,
  body,
  DATABASE_KINDS,
  type SocialServiceHarness,
  startSocialService,
  type TestUser,
} from "./support/social-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`likes over REST (${kind})`, () => {
    let h: SocialServiceHarness;
    let alice: TestUser;
    let bob: TestUser;
    let carol: TestUser;

    beforeAll(async () => {
      h = await startSocialService(kind);
      [alice, bob, carol] = [await h.user(), await h.user(), await h.user()];
    });
    afterAll(() => h?.close());

    test("liking is idempotent: twice is one like, one count, one event", async () => {
      const post = h.peers.addPost(alice.id);
      const first = await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token));
      expect(first.status).toBe(200);
      expect(await body(first)).toMatchObject({
        postId: post,
        counts: { likes: 1, comments: 0, reposts: 0, quotes: 0, bookmarks: 0 },
        viewerState: { liked: true, reposted: false, bookmarked: false },
      });
      const again = await body(await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token)));
      expect(again.counts.likes).toBe(1);
      const events = await h.ctx.db.db
        .select({ type: outbox.eventType })
        .from(outbox)
        .where(eq(outbox.aggregateId, post));
      expect(events).toEqual([{ type: "nova.social.v1.LikeCreated" }]);
    });

    test("unliking removes the like and is idempotent", async () => {
      const post = h.peers.addPost(alice.id);
      await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token));
      await h.request(`/api/v1/posts/${post}/like`, as("PUT", carol.token));
      const res = await h.request(`/api/v1/posts/${post}/like`, as("DELETE", bob.token));
      expect(res.status).toBe(200);
      expect(await body(res)).toMatchObject({ counts: { likes: 1 }, viewerState: { liked: false } });
      const again = await body(await h.request(`/api/v1/posts/${post}/like`, as("DELETE", bob.token)));
      expect(again.counts.likes).toBe(1);
      // Unliking a visible post never liked is fine too, and creates nothing; an unknown post is 404.
      const other = h.peers.addPost(alice.id);
      const never = await h.request(`/api/v1/posts/${other}/like`, as("DELETE", bob.token));
      expect((await body(never)).counts.likes).toBe(0);
      const unknown = await h.request(`/api/v1/posts/${Bun.randomUUIDv7()}/like`, as("DELETE", bob.token));
      expect(unknown.status).toBe(404);
    });

    test("needs a token; a malformed id is a 400 naming the field", async () => {
      const post = h.peers.addPost(alice.id);
      expect((await h.request(`/api/v1/posts/${post}/like`, as("PUT"))).status).toBe(401);
      const bad = await h.request("/api/v1/posts/not-a-uuid/like", as("PUT", bob.token));
      expect(bad.status).toBe(400);
      expect(bad.headers.get("content-type")).toContain("application/problem+json");
      expect((await body(bad)).violations[0].field).toBe("postId");
    });

    test("a post that does not exist or is not visible is a 404, and nothing is written", async () => {
      const missing = await h.request(`/api/v1/posts/${Bun.randomUUIDv7()}/like`, as("PUT", bob.token));
      expect(missing.status).toBe(404);
      const secret = h.peers.addPost(alice.id, [carol.id]);
      expect((await h.request(`/api/v1/posts/${secret}/like`, as("PUT", bob.token))).status).toBe(404);
      expect((await h.request(`/api/v1/posts/${secret}/like`, as("PUT", carol.token))).status).toBe(200);
      // Counted once, and told only to someone who may see the post.
      const [view] = (await h.rpc(carol.token).batchGetEngagement({ postIds: [secret] })).engagements;
      expect(view?.counts?.likes).toBe(1n);
    });

    test("a blocked pair cannot like each other's posts (either direction)", async () => {
      const dave = await h.user();
      const post = h.peers.addPost(dave.id);
      h.peers.block(dave.id, bob.id);
      // The fake content hides the post already; graph is asked too, and is authoritative for comments.
      expect((await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token))).status).toBe(404);
      h.peers.posts.set(post, { id: post, authorId: dave.id });
      h.peers.blocks.clear();
      h.peers.block(bob.id, dave.id);
      expect((await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token))).status).toBe(404);
      h.peers.blocks.clear();
    });

    test("content or graph unreachable → 503 problem and nothing changed (fail closed)", async () => {
      const post = h.peers.addPost(alice.id);
      h.peers.contentDown = true;
      const res = await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token));
      h.peers.contentDown = false;
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await body(res)).code).toBe("unavailable");
      h.peers.graphDown = true;
      const res2 = await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token));
      h.peers.graphDown = false;
      expect(res2.status).toBe(503);
      const [view] = (await h.rpc(bob.token).batchGetEngagement({ postIds: [post] })).engagements;
      expect(view?.counts?.likes).toBe(0n);
      expect(view?.viewerState?.liked).toBe(false);
    });

    test("who liked a post: newest first, paged, blocked likers hidden from the viewer", async () => {
      const post = h.peers.addPost(alice.id);
      const likers: TestUser[] = [];
      for (let i = 0; i < 5; i++) {
        const u = await h.user();
        likers.push(u);
        await h.request(`/api/v1/posts/${post}/like`, as("PUT", u.token));
      }
      const page1 = await body(await h.request(`/api/v1/posts/${post}/likes?limit=3`));
      expect(page1.items.map((i: { accountId: string }) => i.accountId)).toEqual(
        likers
          .slice(2)
          .reverse()
          .map((u) => u.id),
      );
      expect(page1.nextCursor).toBeString();
      const page2 = await body(
        await h.request(`/api/v1/posts/${post}/likes?limit=3&cursor=${page1.nextCursor}`),
      );
      expect(page2.items.map((i: { accountId: string }) => i.accountId)).toEqual(
        likers
          .slice(0, 2)
          .reverse()
          .map((u) => u.id),
      );
      expect(page2.nextCursor).toBeNull();
      h.peers.block(likers[4]?.id as string, carol.id);
      const seenByCarol = await body(await h.request(`/api/v1/posts/${post}/likes`, { token: carol.token }));
      expect(seenByCarol.items.map((i: { accountId: string }) => i.accountId)).not.toContain(likers[4]?.id);
      expect(seenByCarol.items).toHaveLength(4);
      h.peers.blocks.clear();
      expect((await h.request(`/api/v1/posts/${post}/likes?cursor=garbage`)).status).toBe(400);
      expect((await h.request(`/api/v1/posts/${Bun.randomUUIDv7()}/likes`)).status).toBe(404);
    });

    test("my likes: the viewer's liked posts, newest first; posts no longer visible are left out", async () => {
      const erin = await h.user();
      const p1 = h.peers.addPost(alice.id);
      const p2 = h.peers.addPost(alice.id);
      await h.request(`/api/v1/posts/${p1}/like`, as("PUT", erin.token));
      await h.request(`/api/v1/posts/${p2}/like`, as("PUT", erin.token));
      const mine = await body(await h.request("/api/v1/users/me/likes", { token: erin.token }));
      expect(mine.items.map((i: { postId: string }) => i.postId)).toEqual([p2, p1]);
      h.peers.posts.delete(p2);
      const after = await body(await h.request("/api/v1/users/me/likes", { token: erin.token }));
      expect(after.items.map((i: { postId: string }) => i.postId)).toEqual([p1]);
      expect((await h.request("/api/v1/users/me/likes")).status).toBe(401);
      expect((await h.request("/api/v1/users/me/likes?limit=1000", { token: erin.token })).status).toBe(400);
    });

    test("comments: liked once known from content's events; blocked comment authors refused", async () => {
      const post = h.peers.addPost(alice.id);
      const commentId = Bun.randomUUIDv7();
      const early = await h.request(`/api/v1/comments/${commentId}/like`, as("PUT", bob.token));
      expect(early.status).toBe(404);
      await h.deliver("content-service", CommentCreatedSchema, post, {
        comment: { id: commentId, postId: post, postAuthorId: alice.id, authorId: carol.id },
      });
      const res = await h.request(`/api/v1/comments/${commentId}/like`, as("PUT", bob.token));
      expect(res.status).toBe(200);
      expect(await body(res)).toEqual({ commentId, likes: 1, liked: true });
      expect(
        (await body(await h.request(`/api/v1/comments/${commentId}/like`, as("PUT", bob.token)))).likes,
      ).toBe(1);
      // A comment like is not a post like.
      const [view] = (await h.rpc().batchGetEngagement({ postIds: [post] })).engagements;
      expect(view?.counts?.likes).toBe(0n);
      expect(view?.counts?.comments).toBe(1n);
      const dave = await h.user();
      h.peers.block(carol.id, dave.id);
      expect((await h.request(`/api/v1/comments/${commentId}/like`, as("PUT", dave.token))).status).toBe(404);
      h.peers.blocks.clear();
      const un = await h.request(`/api/v1/comments/${commentId}/like`, as("DELETE", bob.token));
      expect(await body(un)).toEqual({ commentId, likes: 0, liked: false });
    });
  });
}
