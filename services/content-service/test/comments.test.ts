import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { fromBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { CommentCreatedSchema, MentionCreatedSchema } from "@nova/proto/content/v1";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { and, eq } from "drizzle-orm";
import { outbox } from "../src/db/schema/index.ts";
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
  describe(`comments (${kind})`, () => {
    let h: ContentHarness;
    let owner: TestUser;
    let alice: TestUser;
    let bob: TestUser;

    const write = async (who: TestUser, postId: string, payload: Record<string, unknown>) =>
      h.request(`/api/v1/posts/${postId}/comments`, send("POST", payload, who.token));
    const list = async (postId: string, query = "", who?: TestUser) =>
      body(await h.request(`/api/v1/posts/${postId}/comments${query}`, who ? { token: who.token } : {}));

    beforeAll(async () => {
      h = await startContentService(kind);
      owner = await h.user("olive");
      alice = await h.user("alice");
      bob = await h.user("bob");
    }, 30_000);
    afterAll(() => h?.close());

    test("threads: top-level comments and answers, with counts", async () => {
      const p = await post(h, owner, { text: "discuss" });
      const top = await body(await write(alice, p.id, { text: "first!" }));
      const answer = await body(await write(bob, p.id, { text: "no, me", parentCommentId: top.id }));
      await write(owner, p.id, { text: "second top" });
      const level1 = await list(p.id);
      expect(level1.comments.map((c: { text: string }) => c.text)).toEqual(["first!", "second top"]);
      expect(level1.comments[0].replyCount).toBe(1);
      const level2 = await list(p.id, `?parentId=${top.id}`);
      expect(level2.comments.map((c: { id: string }) => c.id)).toEqual([answer.id]);
      expect((await body(await h.request(`/api/v1/posts/${p.id}`))).commentCount).toBe(3);
      expect(await h.events(p.id)).toEqual([
        "PostCreated",
        "CommentCreated",
        "CommentCreated",
        "CommentCreated",
      ]);
    });

    test("CommentCreated names the parent comment's author for an answer (empty for a top-level comment)", async () => {
      const p = await post(h, owner, { text: "answers tell whom they answer" });
      const top = await body(await write(alice, p.id, { text: "top" }));
      const answer = await body(await write(bob, p.id, { text: "answer", parentCommentId: top.id }));
      const rows = await h.ctx.db.db
        .select({ envelope: outbox.envelope })
        .from(outbox)
        .where(and(eq(outbox.aggregateId, p.id), eq(outbox.eventType, CommentCreatedSchema.typeName)))
        .orderBy(outbox.position);
      const created = rows.map((r) => {
        const env = fromBinary(EventEnvelopeSchema, r.envelope as Uint8Array);
        return env.payload ? anyUnpack(env.payload, CommentCreatedSchema) : undefined;
      });
      expect(created.map((e) => [e?.comment?.id, e?.parentCommentAuthorId])).toEqual([
        [top.id, ""],
        [answer.id, alice.id],
      ]);
    });

    test("@mentions in a comment resolve and emit MentionCreated with the comment id", async () => {
      const p = await post(h, owner, { text: "who should see this?" });
      const c = await body(await write(alice, p.id, { text: "@bob look" }));
      expect(await h.events(p.id)).toEqual(["PostCreated", "CommentCreated", "MentionCreated"]);
      const [row] = await h.ctx.db.db
        .select({ envelope: outbox.envelope })
        .from(outbox)
        .where(and(eq(outbox.aggregateId, p.id), eq(outbox.eventType, MentionCreatedSchema.typeName)));
      const env = fromBinary(EventEnvelopeSchema, row?.envelope as Uint8Array);
      const mention = env.payload ? anyUnpack(env.payload, MentionCreatedSchema) : undefined;
      expect(mention).toMatchObject({
        postId: p.id,
        commentId: c.id,
        authorId: alice.id,
        mentionedUserId: bob.id,
      });
    });

    test("pages of comments follow their cursor", async () => {
      const p = await post(h, owner, { text: "many comments" });
      for (let i = 0; i < 5; i++) await write(alice, p.id, { text: `c${i}` });
      const first = await list(p.id, "?limit=3");
      const second = await list(p.id, `?limit=3&cursor=${first.nextCursor}`);
      expect([...first.comments, ...second.comments].map((c: { text: string }) => c.text)).toEqual([
        "c0",
        "c1",
        "c2",
        "c3",
        "c4",
      ]);
      expect(second.nextCursor).toBeNull();
    });

    test("bad input: empty text, a parent from another post, anonymous", async () => {
      const p = await post(h, owner, { text: "one" });
      const q = await post(h, owner, { text: "two" });
      const elsewhere = await body(await write(alice, q.id, { text: "on q" }));
      expect((await write(alice, p.id, { text: "  " })).status).toBe(400);
      const wrongParent = await write(alice, p.id, { text: "x", parentCommentId: elsewhere.id });
      expect(wrongParent.status).toBe(400);
      expect(JSON.stringify(await body(wrongParent))).toContain("parentCommentId");
      expect((await h.request(`/api/v1/posts/${p.id}/comments`, send("POST", { text: "anon" }))).status).toBe(
        401,
      );
      expect((await list(p.id)).comments).toEqual([]);
    });

    test("delete: by the comment's author or the post's author; others 403", async () => {
      const p = await post(h, owner, { text: "moderated thread" });
      const a = await body(await write(alice, p.id, { text: "alice says" }));
      const b = await body(await write(bob, p.id, { text: "bob says" }));
      expect(
        (await h.request(`/api/v1/comments/${a.id}`, { method: "DELETE", token: bob.token })).status,
      ).toBe(403);
      expect(
        (await h.request(`/api/v1/comments/${a.id}`, { method: "DELETE", token: alice.token })).status,
      ).toBe(204);
      expect(
        (await h.request(`/api/v1/comments/${b.id}`, { method: "DELETE", token: owner.token })).status,
      ).toBe(204);
      expect(
        (await h.request(`/api/v1/comments/${b.id}`, { method: "DELETE", token: owner.token })).status,
      ).toBe(404);
      expect((await list(p.id)).comments).toEqual([]);
      expect((await body(await h.request(`/api/v1/posts/${p.id}`))).commentCount).toBe(0);
      expect((await h.events(p.id)).filter((e) => e === "CommentDeleted")).toHaveLength(2);
    });

    test("a blocked pair does not see each other's comments", async () => {
      const p = await post(h, owner, { text: "block thread" });
      await write(alice, p.id, { text: "from alice" });
      await write(bob, p.id, { text: "from bob" });
      h.world.block(alice.id, bob.id);
      try {
        expect((await list(p.id, "", bob)).comments.map((c: { text: string }) => c.text)).toEqual([
          "from bob",
        ]);
        expect((await list(p.id, "", alice)).comments.map((c: { text: string }) => c.text)).toEqual([
          "from alice",
        ]);
        expect((await list(p.id, "", owner)).comments).toHaveLength(2);
      } finally {
        h.world.blocks.clear();
      }
    });

    test("comments of a post the viewer cannot see are 404", async () => {
      const p = await post(h, owner, { text: "followers only", visibility: "followers" });
      expect((await h.request(`/api/v1/posts/${p.id}/comments`, { token: alice.token })).status).toBe(404);
    });
  });
}
