import { describe, expect, test } from "bun:test";
import type { StateAt } from "./entity-state.ts";
import { materialiseEvent } from "./materialise-event.ts";

/** An in-memory state table for the pure materialisation. */
function memory() {
  const states = new Map<string, StateAt>();
  return {
    states,
    load: async (type: string, id: string) => states.get(`${type}|${id}`),
    async apply(...args: Parameters<typeof materialiseEvent>) {
      const changes = await materialiseEvent(...args);
      for (const c of changes) states.set(`${c.entityType}|${c.entityId}`, c);
      return changes;
    },
  };
}

describe("materialiseEvent", () => {
  test("a late event is stamped no earlier than the state it lands on, and versions grow", async () => {
    const m = memory();
    await m.apply(
      { kind: "post_created", postId: "p", authorId: "a", hashtags: [], publishedAt: 1_000 },
      1_000,
      m.load,
    );
    await m.apply(
      { kind: "like_created", accountId: "u", subjectKind: 1, postId: "p", subjectAuthorId: "a" },
      5_000,
      m.load,
    );
    const [late] = await m.apply(
      { kind: "comment_created", postId: "p", postAuthorId: "a", authorId: "v" },
      3_000,
      async (type, id) => m.states.get(`${type}|${id}`),
    );
    expect(late).toMatchObject({ entityType: "post", validFrom: 5_000, version: 3 });
  });

  test("a repeated PostCreated or follow changes nothing; likes of comments are not post engagement", async () => {
    const m = memory();
    const created = {
      kind: "post_created",
      postId: "p",
      authorId: "a",
      hashtags: ["x"],
      publishedAt: 1,
    } as const;
    expect((await m.apply(created, 1, m.load)).map((c) => c.entityType).sort()).toEqual([
      "author",
      "post",
      "user",
    ]);
    expect(await m.apply(created, 2, m.load)).toEqual([]);
    const follow = { kind: "follow_created", followerId: "u", followeeId: "a" } as const;
    expect((await m.apply(follow, 3, m.load)).length).toBe(3);
    expect(await m.apply(follow, 4, m.load)).toEqual([]);
    const commentLike = {
      kind: "like_created",
      accountId: "u",
      subjectKind: 2,
      postId: "p",
      subjectAuthorId: "c",
    } as const;
    expect(await m.apply(commentLike, 5, m.load)).toEqual([]);
  });

  test("a profile visit bumps only the pair's affinity, by the visit weight; a visit of oneself nothing", async () => {
    const m = memory();
    const changes = await m.apply({ kind: "profile_viewed", viewerId: "u", profileId: "a" }, 1_000, m.load);
    expect(changes).toEqual([
      {
        entityType: "user_author",
        entityId: "u:a",
        state: { affinity: { s: 0.5, t: 1_000 } },
        validFrom: 1_000,
        version: 1,
      },
    ]);
    expect(await m.apply({ kind: "profile_viewed", viewerId: "a", profileId: "a" }, 2_000, m.load)).toEqual(
      [],
    );
  });
});
