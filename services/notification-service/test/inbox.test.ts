import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  CommentCreatedSchema,
  CommentDeletedSchema,
  MentionCreatedSchema,
  PostCreatedSchema,
  PostDeletedSchema,
  Visibility,
} from "@nova/proto/content/v1";
import {
  BlockCreatedSchema,
  FollowCreatedSchema,
  FollowDeletedSchema,
  MuteCreatedSchema,
} from "@nova/proto/graph/v1";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { LikeCreatedSchema, LikeDeletedSchema, SubjectKind } from "@nova/proto/social/v1";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import { purgeExpiredNotifications } from "../src/jobs/retention.ts";
import { type NotificationHarness, startNotificationService } from "./support/notification-harness.ts";

describe("inbox from events", () => {
  let h: NotificationHarness;
  type U = { id: string; token: string };
  let alice: U;
  let bob: U;
  let carol: U;
  let dave: U;

  beforeAll(async () => {
    h = await startNotificationService();
    [alice, bob, carol, dave] = [await h.user(), await h.user(), await h.user(), await h.user()];
    h.peers.usernames.set(bob.id, "bob");
    h.peers.usernames.set(carol.id, "carol");
  });
  afterAll(() => h?.close());

  const like = (post: string, author: string, actor: string) =>
    h.deliver("social-service", LikeCreatedSchema, post, {
      accountId: actor,
      subjectKind: SubjectKind.POST,
      subjectId: post,
      postId: post,
      subjectAuthorId: author,
    });
  const inbox = async (u: U, query = "") => (await h.json(`/api/v1/notifications${query}`, u.token)).body;

  test("two likes of one post are one item with actorCount 2; redelivery and self-likes add nothing", async () => {
    const post = Bun.randomUUIDv7();
    const first = await like(post, alice.id, bob.id);
    await like(post, alice.id, carol.id);
    await h.deliver(
      "social-service",
      LikeCreatedSchema,
      post,
      {
        accountId: bob.id,
        subjectKind: SubjectKind.POST,
        subjectId: post,
        postId: post,
        subjectAuthorId: alice.id,
      },
      first,
    );
    await like(post, alice.id, alice.id);
    const body = await inbox(alice);
    const item = body.items.find((i: { groupKey: string }) => i.groupKey === `like:post:${post}`);
    expect(item.actorCount).toBe(2);
    expect(item.type).toBe("like");
    expect(item.actors.map((a: { username: string }) => a.username)).toEqual(["carol", "bob"]);
    const ungrouped = await inbox(alice, "?grouped=false&types=like");
    expect(ungrouped.items.filter((i: { postId: string }) => i.postId === post)).toHaveLength(2);
  });

  test("unlike retracts that actor only; post deletion retracts the rest", async () => {
    const post = Bun.randomUUIDv7();
    await like(post, dave.id, bob.id);
    await like(post, dave.id, carol.id);
    await h.deliver("social-service", LikeDeletedSchema, post, {
      accountId: bob.id,
      subjectKind: SubjectKind.POST,
      subjectId: post,
      postId: post,
    });
    expect((await inbox(dave)).items[0].actorCount).toBe(1);
    await h.deliver("content-service", PostDeletedSchema, post, { postId: post, authorId: dave.id });
    expect((await inbox(dave)).items).toHaveLength(0);
  });

  test("follows group per day, unfollow retracts; mentions and comments never group", async () => {
    const u = await h.user();
    await h.deliver("graph-service", FollowCreatedSchema, u.id, { followerId: bob.id, followeeId: u.id });
    await h.deliver("graph-service", FollowCreatedSchema, u.id, { followerId: carol.id, followeeId: u.id });
    let items = (await inbox(u)).items;
    expect(items).toHaveLength(1);
    expect(items[0].type).toBe("follow");
    expect(items[0].actorCount).toBe(2);
    await h.deliver("graph-service", FollowDeletedSchema, u.id, { followerId: carol.id, followeeId: u.id });
    expect((await inbox(u)).items[0].actorCount).toBe(1);

    const post = Bun.randomUUIDv7();
    h.peers.posts.set(post, { authorId: bob.id, visibility: "public" });
    for (const c of [Bun.randomUUIDv7(), Bun.randomUUIDv7()]) {
      await h.deliver("content-service", CommentCreatedSchema, post, {
        comment: { id: c, postId: post, postAuthorId: u.id, authorId: bob.id },
      });
    }
    await h.deliver("content-service", MentionCreatedSchema, post, {
      postId: post,
      authorId: bob.id,
      mentionedUserId: u.id,
    });
    items = (await inbox(u)).items;
    expect(items.filter((i: { type: string }) => i.type === "comment")).toHaveLength(2);
    expect(items.filter((i: { type: string }) => i.type === "mention")).toHaveLength(1);
  });

  test("muted and blocked accounts never notify; muting and blocking remove what they caused", async () => {
    const u = await h.user();
    const post = Bun.randomUUIDv7();
    await like(post, u.id, bob.id);
    await like(post, u.id, carol.id);
    await h.deliver("graph-service", MuteCreatedSchema, u.id, { muterId: u.id, mutedId: bob.id });
    h.peers.mutes.add(`${u.id}:${bob.id}`);
    await h.deliver("graph-service", BlockCreatedSchema, carol.id, { blockerId: carol.id, blockedId: u.id });
    h.peers.blocks.add(`${carol.id}:${u.id}`);
    expect((await inbox(u)).items).toHaveLength(0);
    await like(Bun.randomUUIDv7(), u.id, bob.id);
    await like(Bun.randomUUIDv7(), u.id, carol.id);
    expect((await inbox(u)).items).toHaveLength(0);
  });

  test("a mention in a post the recipient may not see is not delivered; one they may see is", async () => {
    const u = await h.user();
    const hidden = Bun.randomUUIDv7();
    h.peers.posts.set(hidden, { authorId: bob.id, visibility: "followers", mentioned: [u.id] });
    await h.deliver("content-service", PostCreatedSchema, hidden, {
      post: { id: hidden, authorId: bob.id, visibility: Visibility.FOLLOWERS, mentionedUserIds: [u.id] },
    });
    await h.deliver("content-service", MentionCreatedSchema, hidden, {
      postId: hidden,
      authorId: bob.id,
      mentionedUserId: u.id,
    });
    expect((await inbox(u)).items).toHaveLength(0);
    const direct = Bun.randomUUIDv7();
    h.peers.posts.set(direct, { authorId: bob.id, visibility: "mentioned", mentioned: [u.id] });
    await h.deliver("content-service", PostCreatedSchema, direct, {
      post: { id: direct, authorId: bob.id, visibility: Visibility.MENTIONED, mentionedUserIds: [u.id] },
    });
    await h.deliver("content-service", MentionCreatedSchema, direct, {
      postId: direct,
      authorId: bob.id,
      mentionedUserId: u.id,
    });
    h.peers.follows.add(`${u.id}:${carol.id}`);
    const forFollowers = Bun.randomUUIDv7();
    h.peers.posts.set(forFollowers, { authorId: carol.id, visibility: "followers", mentioned: [u.id] });
    await h.deliver("content-service", PostCreatedSchema, forFollowers, {
      post: {
        id: forFollowers,
        authorId: carol.id,
        visibility: Visibility.FOLLOWERS,
        mentionedUserIds: [u.id],
      },
    });
    await h.deliver("content-service", MentionCreatedSchema, forFollowers, {
      postId: forFollowers,
      authorId: carol.id,
      mentionedUserId: u.id,
    });
    const items = (await inbox(u)).items;
    expect(items.map((i: { postId: string }) => i.postId).sort()).toEqual([direct, forFollowers].sort());
  });

  test("a quote of a public post notifies its author; moderation with notify_user notifies the account", async () => {
    const u = await h.user();
    const original = Bun.randomUUIDv7();
    h.peers.posts.set(original, { authorId: u.id, visibility: "public" });
    const quote = Bun.randomUUIDv7();
    h.peers.posts.set(quote, { authorId: bob.id, visibility: "public" });
    await h.deliver("content-service", PostCreatedSchema, quote, {
      post: { id: quote, authorId: bob.id, quoteOfPostId: original, visibility: Visibility.PUBLIC },
    });
    await h.deliver("trust-safety-service", EnforcementChangedSchema, u.id, {
      actionId: Bun.randomUUIDv7(),
      subjectType: "post",
      subjectId: original,
      subjectAccountId: u.id,
      action: "hide",
      active: true,
      reason: "spam",
      notifyUser: true,
    });
    await h.deliver("trust-safety-service", EnforcementChangedSchema, u.id, {
      actionId: Bun.randomUUIDv7(),
      subjectType: "post",
      subjectId: original,
      subjectAccountId: u.id,
      action: "label",
      active: true,
      notifyUser: false,
    });
    const items = (await inbox(u)).items;
    expect(items.map((i: { type: string }) => i.type).sort()).toEqual(["moderation", "quote"]);
    expect(items.find((i: { type: string }) => i.type === "moderation").details.action).toBe("hide");
  });

  test("followers-only posts: a reply, a quote and a comment's mention reach a follower, never a stranger", async () => {
    const [author, follower, stranger] = [await h.user(), await h.user(), await h.user()];
    h.peers.follows.add(`${follower.id}:${author.id}`);
    const original = (owner: U) => {
      const id = Bun.randomUUIDv7();
      h.peers.posts.set(id, { authorId: owner.id, visibility: "public" });
      return id;
    };
    // The author answers and quotes each one's public post in followers-only posts.
    for (const who of [follower, stranger]) {
      const target = original(who);
      for (const field of ["replyToPostId", "quoteOfPostId"] as const) {
        const id = Bun.randomUUIDv7();
        h.peers.posts.set(id, { authorId: author.id, visibility: "followers" });
        await h.deliver("content-service", PostCreatedSchema, id, {
          post: { id, authorId: author.id, [field]: target, visibility: Visibility.FOLLOWERS },
        });
      }
    }
    // Carol mentions both in a comment on the author's followers-only post.
    const fo = Bun.randomUUIDv7();
    h.peers.posts.set(fo, { authorId: author.id, visibility: "followers" });
    const comment = Bun.randomUUIDv7();
    for (const who of [follower, stranger])
      await h.deliver("content-service", MentionCreatedSchema, fo, {
        postId: fo,
        authorId: carol.id,
        mentionedUserId: who.id,
        commentId: comment,
      });
    const types = async (who: U) =>
      (await inbox(who)).items
        .map((i: { type: string; postId: string }) => `${i.type}:${i.postId === fo}`)
        .sort();
    expect(await types(follower)).toEqual(["comment:false", "mention:true", "quote:false"]);
    expect(await types(stranger)).toEqual([]);
    // content was asked as each recipient, never anonymously.
    const askedFor = h.peers.accessChecks.filter((c) => c.postId === fo).map((c) => c.viewerId);
    expect(askedFor.sort()).toEqual([follower.id, stranger.id].sort());
    // Replies and quotes of the author's followers-only post: the follower's reach the author; a
    // stranger (who cannot see it, so content would not tell its author) tells nothing.
    for (const who of [follower, stranger])
      for (const field of ["replyToPostId", "quoteOfPostId"] as const) {
        const id = Bun.randomUUIDv7();
        h.peers.posts.set(id, { authorId: who.id, visibility: "public" });
        await h.deliver("content-service", PostCreatedSchema, id, {
          post: { id, authorId: who.id, [field]: fo, visibility: Visibility.PUBLIC },
        });
      }
    const toAuthor = (await inbox(author)).items.filter(
      (i: { relatedPostId: string }) => i.relatedPostId === fo,
    );
    expect(toAuthor.map((i: { type: string }) => i.type).sort()).toEqual(["comment", "quote"]);
    expect(toAuthor.every((i: { actors: { id: string }[] }) => i.actors[0]?.id === follower.id)).toBe(true);
  });

  test("an answer to a comment tells the parent comment's author (if they may see the post) and the post's author", async () => {
    const [author, parent, outsider, answerer] = [
      await h.user(),
      await h.user(),
      await h.user(),
      await h.user(),
    ];
    h.peers.follows.add(`${parent.id}:${author.id}`);
    const fo = Bun.randomUUIDv7();
    h.peers.posts.set(fo, { authorId: author.id, visibility: "followers" });
    const answer = Bun.randomUUIDv7();
    await h.deliver("content-service", CommentCreatedSchema, fo, {
      comment: { id: answer, postId: fo, postAuthorId: author.id, authorId: answerer.id },
      parentCommentAuthorId: parent.id,
    });
    // The parent's author lost access (e.g. unfollowed) before this answer: not told.
    const lost = Bun.randomUUIDv7();
    await h.deliver("content-service", CommentCreatedSchema, fo, {
      comment: { id: lost, postId: fo, postAuthorId: author.id, authorId: answerer.id },
      parentCommentAuthorId: outsider.id,
    });
    const comments = async (who: U) =>
      (await inbox(who)).items
        .filter((i: { type: string }) => i.type === "comment")
        .map((i: { commentId: string }) => i.commentId);
    expect(await comments(parent)).toEqual([answer]);
    expect(await comments(outsider)).toEqual([]);
    expect((await comments(author)).sort()).toEqual([answer, lost].sort());
    // Deleting the answer retracts it for both.
    await h.deliver("content-service", CommentDeletedSchema, fo, { commentId: answer, postId: fo });
    expect(await comments(parent)).toEqual([]);
    expect(await comments(author)).toEqual([lost]);
  });

  test("content unable to say: the event fails (the bus retries it) and its redelivery notifies", async () => {
    const u = await h.user();
    const post = Bun.randomUUIDv7();
    h.peers.posts.set(post, { authorId: bob.id, visibility: "followers", mentioned: [u.id] });
    h.peers.follows.add(`${u.id}:${bob.id}`);
    const id = Bun.randomUUIDv7();
    const mention = () =>
      h.deliver(
        "content-service",
        MentionCreatedSchema,
        post,
        { postId: post, authorId: bob.id, mentionedUserId: u.id },
        id,
      );
    h.peers.contentDown = true;
    try {
      await expect(mention()).rejects.toThrow();
    } finally {
      h.peers.contentDown = false;
    }
    expect((await inbox(u)).items).toHaveLength(0);
    await mention();
    expect((await inbox(u)).items.map((i: { type: string }) => i.type)).toEqual(["mention"]);
  });

  test("unread count, mark read, cursor paging stable under new arrivals", async () => {
    const u = await h.user();
    const posts = [Bun.randomUUIDv7(), Bun.randomUUIDv7(), Bun.randomUUIDv7()];
    for (const p of posts) await like(p, u.id, bob.id);
    expect((await h.json("/api/v1/notifications/unread-count", u.token)).body.count).toBe(3);
    const page1 = await inbox(u, "?limit=2");
    expect(page1.items).toHaveLength(2);
    await like(Bun.randomUUIDv7(), u.id, carol.id); // arrives between pages
    const page2 = await inbox(u, `?limit=2&cursor=${page1.nextCursor}`);
    expect(page2.items.map((i: { postId: string }) => i.postId)).toEqual([posts[0]]);
    const marked = await h.json("/api/v1/notifications/read", u.token, { method: "POST", body: "{}" });
    expect(marked.status).toBe(200);
    expect(marked.body.unreadCount).toBe(0);
    expect((await h.json("/api/v1/notifications/unread-count", u.token)).body.count).toBe(0);
    expect((await inbox(u)).items.every((i: { read: boolean }) => i.read)).toBe(true);
    expect(
      (await h.json("/api/v1/notifications/read", u.token, { method: "POST", body: '{"upTo":"nope"}' }))
        .status,
    ).toBe(404);
    expect((await h.json("/api/v1/notifications?limit=0", u.token)).status).toBe(400);
    expect((await h.request("/api/v1/notifications")).status).toBe(401);
  });

  test("AccountDeleted (twice) erases the inbox and what the account caused elsewhere", async () => {
    const u = await h.user();
    const gone = await h.user();
    await like(Bun.randomUUIDv7(), u.id, gone.id);
    await like(Bun.randomUUIDv7(), gone.id, u.id);
    await h.deliver("identity-service", AccountDeletedSchema, gone.id, { accountId: gone.id });
    await h.deliver("identity-service", AccountDeletedSchema, gone.id, { accountId: gone.id, sweep: true });
    expect((await inbox(u)).items).toHaveLength(0);
    expect((await inbox(gone)).items).toHaveLength(0);
  });
});

describe("retention", () => {
  test("notifications older than NOTIFICATION_RETENTION are deleted; newer ones stay", async () => {
    const h = await startNotificationService();
    try {
      const u = await h.user();
      const old = Bun.randomUUIDv7();
      const fresh = Bun.randomUUIDv7();
      for (const [post, days] of [
        [old, 91],
        [fresh, 1],
      ] as const) {
        await h.deliver("social-service", LikeCreatedSchema, post, {
          accountId: Bun.randomUUIDv7(),
          subjectKind: SubjectKind.POST,
          subjectId: post,
          postId: post,
          subjectAuthorId: u.id,
          createdAt: timestampFromDate(new Date(Date.now() - days * 86_400_000)),
        });
      }
      expect(await purgeExpiredNotifications(h.ctx)).toBeGreaterThanOrEqual(1);
      const items = (await h.json("/api/v1/notifications", u.token)).body.items;
      expect(items.map((i: { postId: string }) => i.postId)).toEqual([fresh]);
    } finally {
      await h.close();
    }
  });
});
