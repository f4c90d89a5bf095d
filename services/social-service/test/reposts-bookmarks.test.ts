import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { BookmarkCreatedSchema, BookmarkDeletedSchema } from "@nova/proto/social/v1";
import { and, eq } from "drizzle-orm";
import { likes } from "../src/db/schema/index.ts";
import {
  as,
  body,
  DATABASE_KINDS,
  type SocialServiceHarness,
  startSocialService,
  type TestUser,
} from "./support/social-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`reposts, bookmarks and held viewer states over REST (${kind})`, () => {
    let h: SocialServiceHarness;
    let alice: TestUser;
    let bob: TestUser;

    beforeAll(async () => {
      h = await startSocialService(kind);
      [alice, bob] = [await h.user(), await h.user()];
    });
    afterAll(() => h?.close());

    test("POST /repost creates once (201), then returns the existing repost (200)", async () => {
      const post = h.peers.addPost(alice.id);
      const first = await h.request(`/api/v1/posts/${post}/repost`, as("POST", bob.token));
      expect(first.status).toBe(201);
      const created = await body(first);
      expect(created).toMatchObject({
        created: true,
        engagement: { counts: { reposts: 1 }, viewerState: { reposted: true } },
      });
      const again = await h.request(`/api/v1/posts/${post}/repost`, as("POST", bob.token));
      expect(again.status).toBe(200);
      expect(await body(again)).toMatchObject({
        repostId: created.repostId,
        created: false,
        engagement: { counts: { reposts: 1 } },
      });
    });

    test("DELETE /repost undoes it, idempotently; reposting needs a visible post and a token", async () => {
      const post = h.peers.addPost(alice.id);
      await h.request(`/api/v1/posts/${post}/repost`, as("POST", bob.token));
      const undone = await body(await h.request(`/api/v1/posts/${post}/repost`, as("DELETE", bob.token)));
      expect(undone).toMatchObject({
        repostId: null,
        engagement: { counts: { reposts: 0 }, viewerState: { reposted: false } },
      });
      expect((await h.request(`/api/v1/posts/${post}/repost`, as("DELETE", bob.token))).status).toBe(200);
      expect((await h.request(`/api/v1/posts/${post}/repost`, as("POST"))).status).toBe(401);
      const hidden = h.peers.addPost(alice.id, []);
      expect((await h.request(`/api/v1/posts/${hidden}/repost`, as("POST", bob.token))).status).toBe(404);
      h.peers.block(alice.id, bob.id);
      h.peers.posts.set(post, { id: post, authorId: alice.id });
      expect((await h.request(`/api/v1/posts/${post}/repost`, as("POST", bob.token))).status).toBe(404);
      h.peers.blocks.clear();
    });

    test("bookmarks count publicly but only the owner sees bookmarked", async () => {
      const post = h.peers.addPost(alice.id);
      const res = await h.request(`/api/v1/posts/${post}/bookmark`, as("PUT", bob.token));
      expect(res.status).toBe(200);
      expect(await body(res)).toMatchObject({ counts: { bookmarks: 1 }, viewerState: { bookmarked: true } });
      expect(
        (await body(await h.request(`/api/v1/posts/${post}/bookmark`, as("PUT", bob.token)))).counts
          .bookmarks,
      ).toBe(1);
      // Another account never learns who bookmarked.
      const [view] = (await h.rpc(alice.token).batchGetEngagement({ postIds: [post] })).engagements;
      expect(view?.counts?.bookmarks).toBe(1n);
      expect(view?.viewerState?.bookmarked).toBe(false);
      // A service asking on bob's behalf without his token learns likes/reposts, never bookmarks.
      const [forBob] = (await h.rpc().batchGetEngagement({ viewerId: bob.id, postIds: [post] })).engagements;
      expect(forBob?.viewerState?.bookmarked).toBe(false);
      const [own] = (await h.rpc(bob.token).batchGetEngagement({ postIds: [post] })).engagements;
      expect(own?.viewerState?.bookmarked).toBe(true);
      const un = await body(await h.request(`/api/v1/posts/${post}/bookmark`, as("DELETE", bob.token)));
      expect(un).toMatchObject({ counts: { bookmarks: 0 }, viewerState: { bookmarked: false } });
    });

    test("bookmarking enqueues one BookmarkCreated (account, post, time); bookmarking again enqueues nothing", async () => {
      const post = h.peers.addPost(alice.id);
      await h.request(`/api/v1/posts/${post}/bookmark`, as("PUT", bob.token));
      await h.request(`/api/v1/posts/${post}/bookmark`, as("PUT", bob.token));
      const created = await h.enqueued(BookmarkCreatedSchema, post);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ accountId: bob.id, postId: post });
      const [item] = (await body(await h.request("/api/v1/users/me/bookmarks?limit=1", { token: bob.token })))
        .items;
      expect(item.postId).toBe(post);
      const at = created[0]?.createdAt;
      expect(at && timestampDate(at).toISOString()).toBe(item.bookmarkedAt);
      expect(await h.enqueued(BookmarkDeletedSchema, post)).toEqual([]);
    });

    test("unbookmarking enqueues one BookmarkDeleted; unbookmarking again (or what was never bookmarked) enqueues nothing", async () => {
      const post = h.peers.addPost(alice.id);
      await h.request(`/api/v1/posts/${post}/bookmark`, as("PUT", bob.token));
      await h.request(`/api/v1/posts/${post}/bookmark`, as("DELETE", bob.token));
      await h.request(`/api/v1/posts/${post}/bookmark`, as("DELETE", bob.token));
      await h.request(`/api/v1/posts/${post}/bookmark`, as("DELETE", alice.token));
      const deleted = await h.enqueued(BookmarkDeletedSchema, post);
      expect(deleted).toHaveLength(1);
      expect(deleted[0]).toMatchObject({ accountId: bob.id, postId: post });
      expect(await h.enqueued(BookmarkCreatedSchema, post)).toHaveLength(1);
    });

    test("GET /users/me/bookmarks pages newest first with a cursor; nobody reads another's", async () => {
      const owner = await h.user();
      const posts = [h.peers.addPost(alice.id), h.peers.addPost(alice.id), h.peers.addPost(alice.id)];
      for (const p of posts) await h.request(`/api/v1/posts/${p}/bookmark`, as("PUT", owner.token));
      const page1 = await body(await h.request("/api/v1/users/me/bookmarks?limit=2", { token: owner.token }));
      expect(page1.items.map((i: { postId: string }) => i.postId)).toEqual([posts[2], posts[1]]);
      const page2 = await body(
        await h.request(`/api/v1/users/me/bookmarks?limit=2&cursor=${page1.nextCursor}`, {
          token: owner.token,
        }),
      );
      expect(page2.items.map((i: { postId: string }) => i.postId)).toEqual([posts[0]]);
      expect(page2.nextCursor).toBeNull();
      expect((await h.request(`/api/v1/users/${owner.id}/bookmarks`, { token: owner.token })).status).toBe(
        200,
      );
      const other = await h.request(`/api/v1/users/${owner.id}/bookmarks`, { token: bob.token });
      expect(other.status).toBe(403);
      expect((await body(other)).code).toBe("permission_denied");
      expect((await h.request("/api/v1/users/me/bookmarks")).status).toBe(401);
      expect((await h.request("/api/v1/users/me/bookmarks?cursor=%%%", { token: owner.token })).status).toBe(
        400,
      );
    });

    test("with content down, bookmarking and listing are 503s and nothing is stored", async () => {
      const owner = await h.user();
      const kept = h.peers.addPost(alice.id);
      await h.request(`/api/v1/posts/${kept}/bookmark`, as("PUT", owner.token));
      const post = h.peers.addPost(alice.id);
      h.peers.contentDown = true;
      const res = await h.request(`/api/v1/posts/${post}/bookmark`, as("PUT", owner.token));
      const list = await h.request("/api/v1/users/me/bookmarks", { token: owner.token });
      h.peers.contentDown = false;
      expect(res.status).toBe(503);
      expect(list.status).toBe(503);
      const after = await body(await h.request("/api/v1/users/me/bookmarks", { token: owner.token }));
      expect(after.items.map((i: { postId: string }) => i.postId)).toEqual([kept]);
    });

    const stateOf = async (postId: string, token: string | undefined, viewerId?: string) =>
      (await h.rpc(token).batchGetEngagement({ postIds: [postId], ...(viewerId ? { viewerId } : {}) }))
        .engagements[0]?.viewerState;

    test("read once and then held; every change made through social shows at the next read", async () => {
      const post = h.peers.addPost(alice.id);
      expect(await stateOf(post, bob.token)).toMatchObject({
        liked: false,
        reposted: false,
        bookmarked: false,
      });
      await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token));
      expect(await stateOf(post, bob.token)).toMatchObject({ liked: true, reposted: false });
      await h.request(`/api/v1/posts/${post}/repost`, as("POST", bob.token));
      await h.request(`/api/v1/posts/${post}/bookmark`, as("PUT", bob.token));
      expect(await stateOf(post, bob.token)).toMatchObject({ liked: true, reposted: true, bookmarked: true });
      // The bookmark is private: a service asking for bob's state without his token sees the rest.
      expect(await stateOf(post, undefined, bob.id)).toMatchObject({
        liked: true,
        reposted: true,
        bookmarked: false,
      });
      await h.request(`/api/v1/posts/${post}/like`, as("DELETE", bob.token));
      await h.request(`/api/v1/posts/${post}/repost`, as("DELETE", bob.token));
      await h.request(`/api/v1/posts/${post}/bookmark`, as("DELETE", bob.token));
      expect(await stateOf(post, bob.token)).toMatchObject({
        liked: false,
        reposted: false,
        bookmarked: false,
      });

      // Held: a row written behind social's back is not seen until the held state is dropped.
      await h.ctx.db.db.insert(likes).values({
        subjectKind: "post",
        subjectId: post,
        accountId: bob.id,
        postId: post,
        subjectAuthorId: alice.id,
        createdAt: new Date(),
      });
      expect((await stateOf(post, bob.token))?.liked).toBe(false);
      await h.ctx.viewerStates.forget(bob.id, [post]);
      expect((await stateOf(post, bob.token))?.liked).toBe(true);
      await h.ctx.db.db.delete(likes).where(and(eq(likes.accountId, bob.id), eq(likes.subjectId, post)));
      await h.ctx.viewerStates.forget(bob.id, [post]);
    });

    test("an erased account's held states are dropped", async () => {
      const gone = await h.user();
      const post = h.peers.addPost(alice.id);
      await h.request(`/api/v1/posts/${post}/like`, as("PUT", gone.token));
      expect((await stateOf(post, undefined, gone.id))?.liked).toBe(true);
      await h.deliver("identity-service", AccountDeletedSchema, gone.id, { accountId: gone.id });
      expect((await stateOf(post, undefined, gone.id))?.liked).toBe(false);
    });
  });
}
