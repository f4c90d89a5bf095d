import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { MediaStatus } from "@nova/proto/media/v1";
import { sql } from "drizzle-orm";
import { collectUnattachedMedia } from "../src/domain/collect-unattached-media.ts";
import { handleMediaEvent } from "../src/events/subscribe-to-events.ts";
import { form, jpegWithExif, startMediaService } from "./support/media-harness.ts";

let h: Awaited<ReturnType<typeof startMediaService>>;
beforeAll(async () => {
  h = await startMediaService();
});
afterAll(() => h?.close());

async function photo(token: string): Promise<string> {
  const res = await h.request("/api/v1/media", { method: "POST", body: form(await jpegWithExif()), token });
  return (await res.json()).id;
}

async function refusal(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (err) {
    return ConnectError.from(err);
  }
  throw new Error("expected a refusal");
}

describe("AttachMedia / BatchGetMedia / ReleaseMedia (internal RPCs)", () => {
  test("attaches the owner's ready media in order; another account's id is refused naming it", async () => {
    const alice = await h.user();
    const bob = await h.user();
    const [a1, a2] = [await photo(alice.token), await photo(alice.token)];
    const b1 = await photo(bob.token);
    const rpc = h.rpc("content-service");
    const post = Bun.randomUUIDv7();
    const attached = await rpc.attachMedia({
      ownerId: alice.id,
      subject: `post:${post}`,
      mediaIds: [a2, a1],
    });
    expect(attached.media.map((m) => m.id)).toEqual([a2, a1]);
    expect(attached.media[0]?.status).toBe(MediaStatus.READY);
    expect(attached.media[0]?.blurhash).not.toBe("");

    const err = await refusal(
      rpc.attachMedia({ ownerId: alice.id, subject: `post:${Bun.randomUUIDv7()}`, mediaIds: [b1] }),
    );
    // 422 unprocessable_content (Connect InvalidArgument; the nova code travels in the metadata).
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.metadata.get("nova-error-code")).toBe("unprocessable_content");
    expect(err.rawMessage).toContain(b1);
    // Already held by another post.
    const again = await refusal(
      rpc.attachMedia({ ownerId: alice.id, subject: `post:${Bun.randomUUIDv7()}`, mediaIds: [a1] }),
    );
    expect(again.rawMessage).toContain(a1);

    const batch = await rpc.batchGetMedia({ ids: [a1, Bun.randomUUIDv7(), a2] });
    expect(batch.media.map((m) => m.id)).toEqual([a1, a2]);

    // Post.media through the GraphQL merge resolver.
    const gql = await h.graphql<{
      data: { _postsMedia: Array<{ id: string; media: Array<{ id: string; alt: string }> }> };
    }>(`query($ids:[ID!]!){ _postsMedia(ids:$ids){ id media { id alt blurhash variants { name url } } } }`, {
      ids: [post],
    });
    expect(gql.data._postsMedia[0]?.media.map((m) => m.id)).toEqual([a2, a1]);

    expect((await rpc.releaseMedia({ subject: `post:${post}` })).released).toBe(2);
  });

  test("at most 4 images per post; avatars are one image", async () => {
    const alice = await h.user();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await photo(alice.token));
    const rpc = h.rpc("content-service");
    const err = await refusal(
      rpc.attachMedia({ ownerId: alice.id, subject: `post:${Bun.randomUUIDv7()}`, mediaIds: ids }),
    );
    expect(err.rawMessage).toContain(ids[4] as string);
    const two = await refusal(
      rpc.attachMedia({ ownerId: alice.id, subject: `avatar:${alice.id}`, mediaIds: ids.slice(0, 2) }),
    );
    expect(two.code).toBe(Code.InvalidArgument);
    expect(two.metadata.get("nova-error-code")).toBe("unprocessable_content");
    expect(
      (
        await rpc.attachMedia({
          ownerId: alice.id,
          subject: `avatar:${alice.id}`,
          mediaIds: [ids[0] as string],
        })
      ).media,
    ).toHaveLength(1);
  });

  test("an end user's token cannot call the internal RPCs", async () => {
    const alice = await h.user();
    const id = await photo(alice.token);
    const err = await refusal(
      h
        .rpc({ service: null, token: alice.token })
        .attachMedia({ ownerId: alice.id, subject: `post:${Bun.randomUUIDv7()}`, mediaIds: [id] }),
    );
    expect([Code.PermissionDenied, Code.Unauthenticated]).toContain(err.code);
  });

  test("media unattached for 24 h are collected; attached ones stay", async () => {
    const alice = await h.user();
    const loose = await photo(alice.token);
    const kept = await photo(alice.token);
    await h
      .rpc("content-service")
      .attachMedia({ ownerId: alice.id, subject: `post:${Bun.randomUUIDv7()}`, mediaIds: [kept] });
    await h.db.db.execute(
      sql`update media_service.media set updated_at = now() - interval '25 hours' where id in (${loose}, ${kept})`,
    );
    expect(await collectUnattachedMedia(h.ctx)).toBeGreaterThanOrEqual(1);
    expect((await h.request(`/api/v1/media/${loose}`)).status).toBe(404);
    expect((await h.request(`/api/v1/media/${kept}`)).status).toBe(200);
    expect((await h.store.list(`media/${alice.id}/${loose}/`)).items).toEqual([]);
  });

  test("AccountDeleted (delivered twice) erases the account's media and files", async () => {
    const alice = await h.user();
    const id = await photo(alice.token);
    const { create } = await import("@bufbuild/protobuf");
    const { anyPack } = await import("@bufbuild/protobuf/wkt");
    const { AccountDeletedSchema } = await import("@nova/proto/identity/v1");
    const event = {
      id: Bun.randomUUIDv7(),
      topic: "nova.identity-service.events",
      type: AccountDeletedSchema.typeName,
      traceparent: undefined,
      envelope: {
        payload: anyPack(AccountDeletedSchema, create(AccountDeletedSchema, { accountId: alice.id })),
      },
    };
    const handle = handleMediaEvent(h.ctx);
    // biome-ignore lint/suspicious/noExplicitAny: a hand-made delivery carries only what the handler reads
    await handle(event as any);
    // biome-ignore lint/suspicious/noExplicitAny: same
    await handle(event as any);
    expect((await h.request(`/api/v1/media/${id}`)).status).toBe(404);
    expect((await h.store.list(`media/${alice.id}/`)).items).toEqual([]);
    const exported = await h.rpc("identity-service").exportAccountData({ accountId: alice.id });
    expect(exported.data?.media).toEqual([]);
  });
});

describe("content's PostDeleted", () => {
  test("releases the post's media (then the GC collects them)", async () => {
    const alice = await h.user();
    const id = await photo(alice.token);
    const post = Bun.randomUUIDv7();
    await h
      .rpc("content-service")
      .attachMedia({ ownerId: alice.id, subject: `post:${post}`, mediaIds: [id] });
    const { create } = await import("@bufbuild/protobuf");
    const { anyPack } = await import("@bufbuild/protobuf/wkt");
    const { PostDeletedSchema } = await import("@nova/proto/content/v1");
    const event = {
      id: Bun.randomUUIDv7(),
      topic: "nova.content-service.events",
      type: PostDeletedSchema.typeName,
      traceparent: undefined,
      envelope: {
        payload: anyPack(PostDeletedSchema, create(PostDeletedSchema, { postId: post, authorId: alice.id })),
      },
    };
    // biome-ignore lint/suspicious/noExplicitAny: a hand-made delivery carries only what the handler reads
    await handleMediaEvent(h.ctx)(event as any);
    await h.db.db.execute(
      sql`update media_service.media set updated_at = now() - interval '25 hours' where id = ${id}`,
    );
    await collectUnattachedMedia(h.ctx);
    expect((await h.request(`/api/v1/media/${id}`)).status).toBe(404);
  });
});

describe("comment subjects and content's CommentDeleted", () => {
  test("media attach to comment:<id> (held there exclusively); CommentDeleted releases them", async () => {
    const alice = await h.user();
    const id = await photo(alice.token);
    const comment = Bun.randomUUIDv7();
    const rpc = h.rpc("content-service");
    const attached = await rpc.attachMedia({
      ownerId: alice.id,
      subject: `comment:${comment}`,
      mediaIds: [id],
    });
    expect(attached.media.map((m) => m.id)).toEqual([id]);
    expect(
      (await refusal(rpc.attachMedia({ ownerId: alice.id, subject: "comment:not-a-uuid", mediaIds: [id] })))
        .code,
    ).toBe(Code.InvalidArgument);
    // Held by the comment: another subject cannot take it.
    const taken = await refusal(
      rpc.attachMedia({ ownerId: alice.id, subject: `post:${Bun.randomUUIDv7()}`, mediaIds: [id] }),
    );
    expect(taken.message).toContain("already attached elsewhere");

    const { create } = await import("@bufbuild/protobuf");
    const { anyPack } = await import("@bufbuild/protobuf/wkt");
    const { CommentDeletedSchema } = await import("@nova/proto/content/v1");
    const deleted = create(CommentDeletedSchema, {
      commentId: comment,
      postId: Bun.randomUUIDv7(),
      authorId: alice.id,
    });
    const event = {
      id: Bun.randomUUIDv7(),
      topic: "nova.content-service.events",
      type: CommentDeletedSchema.typeName,
      traceparent: undefined,
      envelope: { payload: anyPack(CommentDeletedSchema, deleted) },
    };
    // biome-ignore lint/suspicious/noExplicitAny: a hand-made delivery carries only what the handler reads
    await handleMediaEvent(h.ctx)(event as any);
    // biome-ignore lint/suspicious/noExplicitAny: same, delivered twice (idempotent)
    await handleMediaEvent(h.ctx)(event as any);
    // Released: a new post may now attach it.
    const post = Bun.randomUUIDv7();
    const moved = await rpc.attachMedia({ ownerId: alice.id, subject: `post:${post}`, mediaIds: [id] });
    expect(moved.media.map((m) => m.id)).toEqual([id]);
  });
});
