import { afterAll, describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { createEmbeddedCacheStore, createInstanceCache } from "@nova/cache";
import { type Post, PostDeletedSchema, PostEditedSchema, PostSchema } from "@nova/proto/content/v1";
import { ProfileUpdatedSchema } from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { applyContentEvent } from "../events/apply-content-event.ts";
import { applyUserEvent } from "../events/apply-user-event.ts";
import { deliveredEvent } from "../testing/delivered-event.ts";
import { heldAudiences } from "../testing/held-audiences.ts";
import { visiblePosts } from "./visible-posts.ts";

const store = createEmbeddedCacheStore();
afterAll(() => store.close());

/**
 * content as a recording fake: `open` posts are what a logged-out viewer sees; `forViewer` what
 * the viewer's token adds (a followers-only post of an author the viewer follows).
 */
async function world() {
  const publicPosts = await createInstanceCache<Post>({
    store,
    name: "pp",
    maxEntries: 100,
    ttlMs: 60_000,
    negativeTtlMs: 60_000,
  });
  const open = new Map<string, Post>();
  const forViewer = new Map<string, Post>();
  const calls: { anonymous: string[][]; withToken: string[][] } = { anonymous: [], withToken: [] };
  const post = (id: string, authorId: string, text = id) => create(PostSchema, { id, authorId, text });
  const ctx = {
    publicPosts,
    content: {
      publicPosts: async (ids: readonly string[]) => {
        calls.anonymous.push([...ids]);
        return ids.flatMap((id) => open.get(id) ?? []);
      },
      visiblePosts: async (ids: readonly string[]) => {
        calls.withToken.push([...ids]);
        return ids.flatMap((id) => open.get(id) ?? forViewer.get(id) ?? []);
      },
    },
    users: { forget: async () => {} },
    trending: { remove: async () => {} },
    timelines: { remove: async () => {} },
    authorPosts: { remove: async () => {} },
    config: { extra: { FEED_FANOUT_THRESHOLD: 10_000 } },
    audiences: await heldAudiences(),
    graph: { followerCounts: async () => new Map(), followerPages: async function* () {} },
  } as unknown as ServiceContext;
  return { ctx, open, forViewer, calls, post, close: () => publicPosts.close() };
}

describe("visible posts (content's anonymous answers held per instance)", () => {
  test("public posts are asked once; the rest go to content with the viewer's token every time", async () => {
    const w = await world();
    w.open.set("p1", w.post("p1", "a"));
    w.forViewer.set("f1", w.post("f1", "a"));
    const refs = [
      { postId: "p1", authorId: "a" },
      { postId: "f1", authorId: "a" },
      { postId: "gone", authorId: "b" },
    ];
    const first = await visiblePosts(w.ctx, refs, "viewer");
    expect([...first.keys()].sort()).toEqual(["f1", "p1"]);
    expect(w.calls.anonymous).toEqual([["p1", "f1", "gone"]]);
    expect(w.calls.withToken).toEqual([["f1", "gone"]]);
    const second = await visiblePosts(w.ctx, refs, "viewer");
    expect(second.get("p1")).toBe(first.get("p1") as Post);
    expect(w.calls.anonymous.length).toBe(1);
    expect(w.calls.withToken).toEqual([
      ["f1", "gone"],
      ["f1", "gone"],
    ]);
    // Without a viewer only what anyone may see is served, and content is not asked at all.
    expect([...(await visiblePosts(w.ctx, refs, undefined)).keys()]).toEqual(["p1"]);
    expect(w.calls.anonymous.length).toBe(1);
    expect(w.calls.withToken.length).toBe(2);
    // The author's own public post is held like anyone's; their followers-only one goes to content.
    const asAuthor = await visiblePosts(w.ctx, refs, "a");
    expect([...asAuthor.keys()].sort()).toEqual(["f1", "p1"]);
    expect(w.calls.anonymous.length).toBe(1);
    expect(w.calls.withToken.at(-1)).toEqual(["f1", "gone"]);
    await w.close();
  });

  test("an edit, a delete or the author's profile change drops what was held", async () => {
    const w = await world();
    for (const id of ["p1", "p2", "p3"]) w.open.set(id, w.post(id, "a"));
    w.open.set("q1", w.post("q1", "b"));
    const refs = [
      { postId: "p1", authorId: "a" },
      { postId: "p2", authorId: "a" },
      { postId: "p3", authorId: "a" },
      { postId: "q1", authorId: "b" },
    ];
    await visiblePosts(w.ctx, refs, undefined);
    expect(w.ctx.publicPosts.size).toBe(4);

    // Edited to followers-only: anonymous viewers no longer see it, the viewer's token does.
    w.forViewer.set("p1", w.post("p1", "a", "edited"));
    w.open.delete("p1");
    await applyContentEvent(w.ctx, deliveredEvent(PostEditedSchema, { post: { id: "p1", authorId: "a" } }));
    expect((await visiblePosts(w.ctx, refs, undefined)).has("p1")).toBe(false);
    expect((await visiblePosts(w.ctx, refs, "viewer")).get("p1")?.text).toBe("edited");

    w.open.delete("p2");
    await applyContentEvent(w.ctx, deliveredEvent(PostDeletedSchema, { postId: "p2", authorId: "a" }));
    expect((await visiblePosts(w.ctx, refs, undefined)).has("p2")).toBe(false);

    // A change that leaves the account public (a new display name) keeps what is held...
    const unchanged = w.calls.anonymous.length;
    await applyUserEvent(
      w.ctx,
      deliveredEvent(ProfileUpdatedSchema, { profileId: "a", privateAccount: false }),
    );
    await visiblePosts(w.ctx, refs, undefined);
    expect(w.calls.anonymous.length).toBe(unchanged);
    // ...going private drops every held post of the author; other authors' stay.
    w.open.delete("p3");
    const asked = w.calls.anonymous.length;
    await applyUserEvent(
      w.ctx,
      deliveredEvent(ProfileUpdatedSchema, { profileId: "a", privateAccount: true }),
    );
    const after = await visiblePosts(w.ctx, refs, undefined);
    expect([...after.keys()]).toEqual(["q1"]);
    expect(w.calls.anonymous.slice(asked)).toEqual([["p1", "p2", "p3"]]);
    await w.close();
  });
});
