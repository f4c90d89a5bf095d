import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  CommentCreatedSchema,
  CommentDeletedSchema,
  CommentHiddenSchema,
  CommentRestoredSchema,
  PostCreatedSchema,
  PostDeletedSchema,
} from "@nova/proto/content/v1";
import { AccountCreatedSchema, AccountDeletedSchema } from "@nova/proto/identity/v1";
import { BookmarkDeletedSchema, PostCountersChangedSchema, RepostDeletedSchema } from "@nova/proto/social/v1";
import { and, eq } from "drizzle-orm";
import { likes, outbox, processedEvents } from "../src/db/schema/index.ts";
import {
  as,
  body,
  DATABASE_KINDS,
  type SocialServiceHarness,
  startSocialService,
  type TestUser,
} from "./support/social-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`content and identity events (${kind})`, () => {
    let h: SocialServiceHarness;
    let alice: TestUser;
    let bob: TestUser;

    const counts = async (postId: string, token?: string) =>
      (await h.rpc(token).batchGetEngagement({ postIds: [postId] })).engagements[0];

    beforeAll(async () => {
      h = await startSocialService(kind);
      [alice, bob] = [await h.user(), await h.user()];
    });
    afterAll(() => h?.close());

    test("CommentCreated/Deleted move the comment counter exactly once, even when redelivered", async () => {
      const post = h.peers.addPost(alice.id);
      const c1 = Bun.randomUUIDv7();
      const c2 = Bun.randomUUIDv7();
      const comment = (id: string) => ({
        comment: { id, postId: post, postAuthorId: alice.id, authorId: bob.id },
      });
      const e1 = await h.deliver("content-service", CommentCreatedSchema, post, comment(c1));
      await h.deliver("content-service", CommentCreatedSchema, post, comment(c1), e1); // same event again
      await h.deliver("content-service", CommentCreatedSchema, post, comment(c1)); // same fact, new event id
      await h.deliver("content-service", CommentCreatedSchema, post, comment(c2));
      expect((await counts(post))?.counts?.comments).toBe(2n);
      const deleted = { commentId: c1, postId: post, postAuthorId: alice.id, authorId: bob.id };
      await h.deliver("content-service", CommentDeletedSchema, post, deleted);
      await h.deliver("content-service", CommentDeletedSchema, post, deleted);
      expect((await counts(post))?.counts?.comments).toBe(1n);
      expect((await h.request(`/api/v1/comments/${c1}/like`, as("PUT", alice.token))).status).toBe(404);
    });

    test("CommentHidden uncounts the comment and keeps its likes (not likeable while hidden); CommentRestored counts it again", async () => {
      const post = h.peers.addPost(alice.id);
      const c = Bun.randomUUIDv7();
      const comment = { id: c, postId: post, postAuthorId: alice.id, authorId: bob.id };
      await h.deliver("content-service", CommentCreatedSchema, post, { comment });
      expect((await h.request(`/api/v1/comments/${c}/like`, as("PUT", alice.token))).status).toBe(200);
      const likesOf = async () =>
        (await h.ctx.db.db.select().from(likes).where(eq(likes.subjectId, c))).map((l) => l.accountId);
      const hidden = {
        commentId: c,
        postId: post,
        postAuthorId: alice.id,
        authorId: bob.id,
        reason: "remove: spam",
      };
      await h.deliver("content-service", CommentHiddenSchema, post, hidden);
      await h.deliver("content-service", CommentHiddenSchema, post, hidden);
      expect((await counts(post))?.counts?.comments).toBe(0n);
      expect(await likesOf()).toEqual([alice.id]);
      expect((await h.request(`/api/v1/comments/${c}/like`, as("PUT", bob.token))).status).toBe(404);
      await h.deliver("content-service", CommentRestoredSchema, post, { comment });
      await h.deliver("content-service", CommentRestoredSchema, post, { comment });
      expect((await counts(post))?.counts?.comments).toBe(1n);
      expect(await likesOf()).toEqual([alice.id]);
      expect((await h.request(`/api/v1/comments/${c}/like`, as("PUT", bob.token))).status).toBe(200);
    });

    test("PostCreated with quote_of counts a quote on the quoted post; deleting the quote uncounts it", async () => {
      const quoted = h.peers.addPost(alice.id);
      const quote = Bun.randomUUIDv7();
      const created = { post: { id: quote, authorId: bob.id, quoteOfPostId: quoted } };
      await h.deliver("content-service", PostCreatedSchema, quote, created);
      await h.deliver("content-service", PostCreatedSchema, quote, created);
      await h.deliver("content-service", PostCreatedSchema, Bun.randomUUIDv7(), {
        post: { id: Bun.randomUUIDv7(), authorId: bob.id },
      });
      expect((await counts(quoted))?.counts?.quotes).toBe(1n);
      await h.deliver("content-service", PostDeletedSchema, quote, {
        postId: quote,
        authorId: bob.id,
        quoteOfPostId: quoted,
      });
      expect((await counts(quoted))?.counts?.quotes).toBe(0n);
    });

    test("only events that change something here are recorded in the ledger (a plain post costs no transaction)", async () => {
      const ledgered = async (eventId: string) =>
        (await h.db.db.select().from(processedEvents).where(eq(processedEvents.eventId, eventId))).length;
      const plain = Bun.randomUUIDv7();
      const plainEvent = await h.deliver("content-service", PostCreatedSchema, plain, {
        post: { id: plain, authorId: bob.id },
      });
      const quote = Bun.randomUUIDv7();
      const quoteEvent = await h.deliver("content-service", PostCreatedSchema, quote, {
        post: { id: quote, authorId: bob.id, quoteOfPostId: h.peers.addPost(alice.id) },
      });
      const signUp = await h.deliver("identity-service", AccountCreatedSchema, bob.id, { accountId: bob.id });
      expect(await ledgered(plainEvent)).toBe(0);
      expect(await ledgered(signUp)).toBe(0);
      expect(await ledgered(quoteEvent)).toBe(1);
    });

    test("a comment or quote counted or uncounted is announced (PostCountersChanged), once per change", async () => {
      const post = h.peers.addPost(alice.id);
      const comment = Bun.randomUUIDv7();
      const created = { comment: { id: comment, postId: post, postAuthorId: alice.id, authorId: bob.id } };
      const e1 = await h.deliver("content-service", CommentCreatedSchema, post, created);
      await h.deliver("content-service", CommentCreatedSchema, post, created, e1); // redelivered
      await h.deliver("content-service", CommentCreatedSchema, post, created); // same comment, new event
      expect(await h.enqueued(PostCountersChangedSchema, post)).toEqual([
        expect.objectContaining({ postId: post }),
      ]);
      const deleted = { commentId: comment, postId: post, postAuthorId: alice.id, authorId: bob.id };
      await h.deliver("content-service", CommentDeletedSchema, post, deleted);
      await h.deliver("content-service", CommentDeletedSchema, post, deleted);
      expect(await h.enqueued(PostCountersChangedSchema, post)).toHaveLength(2);

      const quoted = h.peers.addPost(alice.id);
      const quote = Bun.randomUUIDv7();
      await h.deliver("content-service", PostCreatedSchema, quote, {
        post: { id: quote, authorId: bob.id, quoteOfPostId: quoted },
      });
      await h.deliver("content-service", PostDeletedSchema, quote, {
        postId: quote,
        authorId: bob.id,
        quoteOfPostId: quoted,
      });
      expect(await h.enqueued(PostCountersChangedSchema, quoted)).toHaveLength(2);
    });

    test("PostDeleted erases the post's likes, reposts, bookmarks and counters; later writes are refused", async () => {
      const post = h.peers.addPost(alice.id);
      await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token));
      await h.request(`/api/v1/posts/${post}/repost`, as("POST", bob.token));
      await h.request(`/api/v1/posts/${post}/bookmark`, as("PUT", bob.token));
      expect((await counts(post))?.counts).toMatchObject({ likes: 1n, reposts: 1n, bookmarks: 1n });
      await h.deliver("content-service", PostDeletedSchema, post, { postId: post, authorId: alice.id });
      const view = await counts(post, bob.token);
      expect(view?.counts).toMatchObject({ likes: 0n, reposts: 0n, bookmarks: 0n, comments: 0n });
      expect(view?.viewerState).toMatchObject({ liked: false, reposted: false, bookmarked: false });
      const repostGone = await h.ctx.db.db
        .select({ t: outbox.eventType })
        .from(outbox)
        .where(and(eq(outbox.aggregateId, post), eq(outbox.eventType, RepostDeletedSchema.typeName)));
      expect(repostGone).toHaveLength(1);
      expect((await body(await h.request("/api/v1/users/me/bookmarks", { token: bob.token }))).items).toEqual(
        [],
      );
      // Content still answering (a stale replica, say) must not revive the post's engagement.
      expect((await h.request(`/api/v1/posts/${post}/like`, as("PUT", bob.token))).status).toBe(404);
    });

    test("AccountDeleted erases the account's engagement and lowers exactly the counters it fed", async () => {
      const gone = await h.user();
      const p1 = h.peers.addPost(alice.id);
      const p2 = h.peers.addPost(alice.id);
      for (const u of [gone, bob]) {
        await h.request(`/api/v1/posts/${p1}/like`, as("PUT", u.token));
        await h.request(`/api/v1/posts/${p2}/repost`, as("POST", u.token));
      }
      await h.request(`/api/v1/posts/${p2}/bookmark`, as("PUT", gone.token));
      const eventId = await h.deliver("identity-service", AccountDeletedSchema, gone.id, {
        accountId: gone.id,
      });
      await h.deliver("identity-service", AccountDeletedSchema, gone.id, { accountId: gone.id }, eventId);
      expect((await counts(p1))?.counts?.likes).toBe(1n);
      expect((await counts(p2))?.counts).toMatchObject({ reposts: 1n, bookmarks: 0n });
      const left = await h.ctx.db.db.select().from(likes).where(eq(likes.accountId, gone.id));
      expect(left).toEqual([]);
      const [forGone] = (await h.rpc(gone.token).batchGetEngagement({ postIds: [p1, p2] })).engagements;
      expect(forGone?.viewerState).toMatchObject({ liked: false });
    });

    test("AccountDeleted announces each erased bookmark as BookmarkDeleted, once, and no one else's", async () => {
      const gone = await h.user();
      const p1 = h.peers.addPost(alice.id);
      const p2 = h.peers.addPost(alice.id);
      for (const p of [p1, p2]) await h.request(`/api/v1/posts/${p}/bookmark`, as("PUT", gone.token));
      await h.request(`/api/v1/posts/${p1}/bookmark`, as("PUT", bob.token));
      const eventId = await h.deliver("identity-service", AccountDeletedSchema, gone.id, {
        accountId: gone.id,
      });
      await h.deliver("identity-service", AccountDeletedSchema, gone.id, { accountId: gone.id }, eventId);
      await h.deliver("identity-service", AccountDeletedSchema, gone.id, { accountId: gone.id });
      for (const p of [p1, p2])
        expect(await h.enqueued(BookmarkDeletedSchema, p)).toEqual([
          expect.objectContaining({ accountId: gone.id, postId: p }),
        ]);
      expect((await counts(p1))?.counts?.bookmarks).toBe(1n);
    });
  });
}
