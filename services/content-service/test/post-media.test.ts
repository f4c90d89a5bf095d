import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { count } from "drizzle-orm";
import { comments, posts } from "../src/db/schema/index.ts";
import {
  body,
  type ContentHarness,
  post,
  send,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

// content-service's side of media attachments (media-service's own rules are tested there): the
// post's media are attached through AttachMedia before the post is written, a refusal is a 422
// naming the id with nothing stored, and views carry the media objects.
describe("post media (pglite)", () => {
  let h: ContentHarness;
  let ana: TestUser;
  let ben: TestUser;

  beforeAll(async () => {
    h = await startContentService("pglite");
    ana = await h.user("ana");
    ben = await h.user("ben");
  }, 30_000);
  afterAll(() => h?.close());

  const postCount = async () => (await h.ctx.db.db.select({ n: count() }).from(posts))[0]?.n ?? 0;

  test("a post's media are attached to it and its views carry the media objects, in order", async () => {
    const [m1, m2] = [Bun.randomUUIDv7(), Bun.randomUUIDv7()];
    h.world.media.set(m1, { ownerId: ana.id, alt: "first" });
    h.world.media.set(m2, { ownerId: ana.id, alt: "second" });
    const p = await post(h, ana, { text: "two photos", mediaIds: [m2, m1] });
    expect(h.world.attached.get(`post:${p.id}`)).toEqual([m2, m1]);
    expect(p.media.map((m: { id: string; alt: string }) => [m.id, m.alt])).toEqual([
      [m2, "second"],
      [m1, "first"],
    ]);
    const read = await body(await h.request(`/api/v1/posts/${p.id}`));
    expect(read.media[0]).toMatchObject({ id: m2, kind: "image", blurhash: expect.any(String) });
    expect(read.media[0].variants[0].url).toContain(m2);
  });

  test("another account's media id is a 422 naming it, and no post is stored", async () => {
    const bens = Bun.randomUUIDv7();
    h.world.media.set(bens, { ownerId: ben.id, alt: "" });
    const before = await postCount();
    const res = await h.request(
      "/api/v1/posts",
      send("POST", { text: "not mine", mediaIds: [bens] }, ana.token),
    );
    expect(res.status).toBe(422);
    expect((await body(res)).detail).toContain(bens);
    expect(await postCount()).toBe(before);
  });

  test("media-service down: a post with media is refused (503), nothing stored; reads still work", async () => {
    const p = await post(h, ana, { text: "one photo", mediaIds: [Bun.randomUUIDv7()] });
    h.world.mediaDown = true;
    try {
      const before = await postCount();
      const res = await h.request(
        "/api/v1/posts",
        send("POST", { text: "x", mediaIds: [Bun.randomUUIDv7()] }, ana.token),
      );
      expect(res.status).toBe(503);
      expect(await postCount()).toBe(before);
      const read = await body(await h.request(`/api/v1/posts/${p.id}`));
      expect(read.mediaIds).toHaveLength(1);
      expect(read.media).toEqual([]);
      // A post without media never needs media-service.
      expect((await h.request("/api/v1/posts", send("POST", { text: "text only" }, ana.token))).status).toBe(
        201,
      );
    } finally {
      h.world.mediaDown = false;
    }
  });
  test("a comment's media attach to comment:<id>; its views and the thread carry them; delete announces it", async () => {
    const p = await post(h, ben, { text: "say it with pictures" });
    const [m1, m2] = [Bun.randomUUIDv7(), Bun.randomUUIDv7()];
    h.world.media.set(m1, { ownerId: ana.id, alt: "one" });
    h.world.media.set(m2, { ownerId: ana.id, alt: "two" });
    const res = await h.request(
      `/api/v1/posts/${p.id}/comments`,
      send("POST", { text: "look", mediaIds: [m2, m1] }, ana.token),
    );
    expect(res.status).toBe(201);
    const c = await body(res);
    expect(c.mediaIds).toEqual([m2, m1]);
    expect(h.world.attached.get(`comment:${c.id}`)).toEqual([m2, m1]);
    expect(c.media.map((m: { id: string; alt: string }) => [m.id, m.alt])).toEqual([
      [m2, "two"],
      [m1, "one"],
    ]);
    const thread = await body(await h.request(`/api/v1/posts/${p.id}/comments`, { token: ben.token }));
    const listed = thread.comments.find((x: { id: string }) => x.id === c.id);
    expect(listed.media.map((m: { id: string }) => m.id)).toEqual([m2, m1]);
    // Deleting it emits CommentDeleted, on which media-service releases comment:<id> (tested there).
    expect((await h.request(`/api/v1/comments/${c.id}`, { method: "DELETE", token: ana.token })).status).toBe(
      204,
    );
    expect(await h.events(p.id)).toContain("CommentDeleted");
  });

  test("a comment with another account's media id is a 422 naming it, and no comment is stored", async () => {
    const p = await post(h, ben, { text: "no stealing" });
    const bens = Bun.randomUUIDv7();
    h.world.media.set(bens, { ownerId: ben.id, alt: "" });
    const commentCount = async () => (await h.ctx.db.db.select({ n: count() }).from(comments))[0]?.n ?? 0;
    const before = await commentCount();
    const res = await h.request(
      `/api/v1/posts/${p.id}/comments`,
      send("POST", { text: "mine?", mediaIds: [bens] }, ana.token),
    );
    expect(res.status).toBe(422);
    expect((await body(res)).detail).toContain(bens);
    expect(await commentCount()).toBe(before);
    // A comment without media never calls media-service, even when it is down.
    h.world.mediaDown = true;
    try {
      const plain = await h.request(
        `/api/v1/posts/${p.id}/comments`,
        send("POST", { text: "words" }, ana.token),
      );
      expect(plain.status).toBe(201);
      expect((await body(plain)).mediaIds).toEqual([]);
    } finally {
      h.world.mediaDown = false;
    }
  });
  test("deleting a post releases its comments' media (the cascade emits no CommentDeleted)", async () => {
    const p = await post(h, ben, { text: "going away" });
    const m = Bun.randomUUIDv7();
    h.world.media.set(m, { ownerId: ana.id, alt: "" });
    const c = await body(
      await h.request(
        `/api/v1/posts/${p.id}/comments`,
        send("POST", { text: "pic", mediaIds: [m] }, ana.token),
      ),
    );
    expect(h.world.attached.get(`comment:${c.id}`)).toEqual([m]);
    expect((await h.request(`/api/v1/posts/${p.id}`, { method: "DELETE", token: ben.token })).status).toBe(
      204,
    );
    expect(h.world.attached.has(`comment:${c.id}`)).toBe(false);
  });
});
