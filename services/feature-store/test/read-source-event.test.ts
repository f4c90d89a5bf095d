import { describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import type { DeliveredEvent } from "@nova/events";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { readSourceEvent } from "../src/events/read-source-event.ts";
import { events, type SourceEventSpec } from "./support/source-events.ts";

function delivered(spec: SourceEventSpec): DeliveredEvent {
  const envelope = create(EventEnvelopeSchema, {
    id: "e1",
    type: spec.type,
    payload: { typeUrl: `type.googleapis.com/${spec.type}`, value: spec.payload },
  });
  return {
    id: "e1",
    type: spec.type,
    aggregateId: spec.aggregateId,
    occurredAt: new Date(0),
    traceparent: undefined,
    source: spec.service,
    topic: `nova.${spec.service}.events`,
    headers: {},
    envelope,
    attempt: 1,
  };
}

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

  test("other event types are not ours: undefined", () => {
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
