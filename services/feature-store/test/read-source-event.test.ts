import { describe, expect, test } from "bun:test";
import { readSourceEvent } from "../src/events/read-source-event.ts";
import { delivered, events } from "./support/source-events.ts";

describe("readSourceEvent", () => {
  test("reads the fields materialisation needs, nested messages and timestamps included", () => {
    const publishedAt = new Date("2026-01-01T00:00:01.250Z");
    expect(
      readSourceEvent(
        delivered(events.postCreated({ postId: "p", authorId: "a", hashtags: ["x", "y"], publishedAt })),
      ),
    ).toEqual({
      kind: "post_created",
      postId: "p",
      authorId: "a",
      hashtags: ["x", "y"],
      publishedAt: publishedAt.getTime(),
    });
    expect(
      readSourceEvent(delivered(events.commentCreated({ postId: "p", postAuthorId: "a", authorId: "u" }))),
    ).toEqual({
      kind: "comment_created",
      postId: "p",
      postAuthorId: "a",
      authorId: "u",
    });
  });

  test("reads a profile visit (user-service's ProfileViewed)", () => {
    const viewedAt = new Date("2026-01-01T10:00:00Z");
    expect(
      readSourceEvent(delivered(events.profileViewed({ viewerId: "u", profileId: "a", viewedAt }))),
    ).toEqual({
      kind: "profile_viewed",
      viewerId: "u",
      profileId: "a",
    });
    expect(() =>
      readSourceEvent(delivered(events.profileViewed({ viewerId: "u", profileId: "", viewedAt }))),
    ).toThrow(/missing an id/);
  });

  test("other event types are not ours: undefined", () => {
    expect(
      readSourceEvent(delivered(events.profileCreated({ profileId: "a", username: "alice" }))),
    ).toBeUndefined();
    expect(
      readSourceEvent(
        delivered({
          ...events.followCreated({ followerId: "u", followeeId: "a" }),
          type: "nova.graph.v1.BlockCreated",
        }),
      ),
    ).toBeUndefined();
  });

  test("a source event without its ids throws (retried, then dead-lettered)", () => {
    expect(() =>
      readSourceEvent(delivered(events.likeCreated({ accountId: "", postId: "p", authorId: "a" }))),
    ).toThrow(/missing an id/);
  });
});
