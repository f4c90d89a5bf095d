import { create, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent, EventBus } from "@nova/events";
import { serviceTopic } from "@nova/events";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { SOURCE_EVENTS as E } from "../../src/domain/source-event-types.ts";

/**
 * Producers' events encoded by their published field numbers (proto/nova/{content,social,graph,user}/v1),
 * so these tests build on their own; the envelope is the real one from @nova/proto.
 */
type Field = [number, string | number | Date | Field[] | string[]];

function encode(fields: readonly Field[]): Uint8Array {
  const w = new BinaryWriter();
  for (const [no, value] of fields) {
    if (typeof value === "string") w.tag(no, WireType.LengthDelimited).string(value);
    else if (typeof value === "number") w.tag(no, WireType.Varint).int32(value);
    else if (value instanceof Date) {
      const ms = value.getTime();
      w.tag(no, WireType.LengthDelimited).bytes(
        encode([
          [1, Math.floor(ms / 1000)],
          [2, (ms % 1000) * 1_000_000],
        ]),
      );
    } else if (value.every((v) => typeof v === "string")) {
      for (const v of value as string[]) w.tag(no, WireType.LengthDelimited).string(v);
    } else w.tag(no, WireType.LengthDelimited).bytes(encode(value as Field[]));
  }
  return w.finish();
}

export interface SourceEventSpec {
  service: "content-service" | "social-service" | "graph-service" | "user-service" | "identity-service";
  type: string;
  aggregateId: string;
  payload: Uint8Array;
}

export const events = {
  postCreated: (p: {
    postId: string;
    authorId: string;
    hashtags?: string[];
    publishedAt: Date;
  }): SourceEventSpec => ({
    service: "content-service",
    type: E.postCreated,
    aggregateId: p.postId,
    payload: encode([
      [
        1,
        [
          [1, p.postId],
          [2, p.authorId],
          [3, "some text"],
          [9, p.hashtags ?? []],
          [14, p.publishedAt],
        ],
      ],
    ]),
  }),
  postDeleted: (p: { postId: string; authorId: string }): SourceEventSpec => ({
    service: "content-service",
    type: E.postDeleted,
    aggregateId: p.postId,
    payload: encode([
      [1, p.postId],
      [2, p.authorId],
    ]),
  }),
  commentCreated: (c: { postId: string; postAuthorId: string; authorId: string }): SourceEventSpec => ({
    service: "content-service",
    type: E.commentCreated,
    aggregateId: c.postId,
    payload: encode([
      [
        1,
        [
          [1, Bun.randomUUIDv7()],
          [2, c.postId],
          [3, c.postAuthorId],
          [4, c.authorId],
          [6, "nice"],
        ],
      ],
    ]),
  }),
  likeCreated: (l: {
    accountId: string;
    postId: string;
    authorId: string;
    subjectKind?: number;
  }): SourceEventSpec => ({
    service: "social-service",
    type: E.likeCreated,
    aggregateId: l.postId,
    payload: encode([
      [1, l.accountId],
      [2, l.subjectKind ?? 1],
      [3, l.postId],
      [4, l.authorId],
      [5, l.postId],
    ]),
  }),
  likeDeleted: (l: { accountId: string; postId: string }): SourceEventSpec => ({
    service: "social-service",
    type: E.likeDeleted,
    aggregateId: l.postId,
    payload: encode([
      [1, l.accountId],
      [2, 1],
      [3, l.postId],
      [4, l.postId],
    ]),
  }),
  repostCreated: (r: { accountId: string; postId: string; authorId: string }): SourceEventSpec => ({
    service: "social-service",
    type: E.repostCreated,
    aggregateId: r.postId,
    payload: encode([
      [1, Bun.randomUUIDv7()],
      [2, r.accountId],
      [3, r.postId],
      [4, r.authorId],
    ]),
  }),
  followCreated: (f: { followerId: string; followeeId: string }): SourceEventSpec => ({
    service: "graph-service",
    type: E.followCreated,
    aggregateId: f.followeeId,
    payload: encode([
      [1, f.followerId],
      [2, f.followeeId],
    ]),
  }),
  followDeleted: (f: { followerId: string; followeeId: string }): SourceEventSpec => ({
    service: "graph-service",
    type: E.followDeleted,
    aggregateId: f.followeeId,
    payload: encode([
      [1, f.followerId],
      [2, f.followeeId],
      [3, "unfollow"],
    ]),
  }),
  profileViewed: (v: { viewerId: string; profileId: string; viewedAt: Date }): SourceEventSpec => ({
    service: "user-service",
    type: E.profileViewed,
    aggregateId: v.viewerId,
    payload: encode([
      [1, v.viewerId],
      [2, v.profileId],
      [3, v.viewedAt],
    ]),
  }),
  /** identity's AccountDeleted: feature-store erases the account's features. */
  accountDeleted: (a: { accountId: string; deletedAt: Date }): SourceEventSpec => ({
    service: "identity-service",
    type: "nova.identity.v1.AccountDeleted",
    aggregateId: a.accountId,
    payload: encode([
      [1, a.accountId],
      [2, a.deletedAt],
    ]),
  }),
  /** A user-service event feature-store does not materialise. */
  profileCreated: (p: { profileId: string; username: string }): SourceEventSpec => ({
    service: "user-service",
    type: "nova.user.v1.ProfileCreated",
    aggregateId: p.profileId,
    payload: encode([
      [1, p.profileId],
      [2, p.username],
    ]),
  }),
};

/** The envelope the producer's outbox would write for `spec` at `at`. */
function envelopeOf(spec: SourceEventSpec, at: Date, id: string) {
  return create(EventEnvelopeSchema, {
    id,
    type: spec.type,
    aggregateId: spec.aggregateId,
    occurredAt: timestampFromDate(at),
    // The producers' messages are not needed to pack: an Any is the type URL plus the bytes.
    payload: {
      $typeName: "google.protobuf.Any",
      typeUrl: `type.googleapis.com/${spec.type}`,
      value: spec.payload,
    },
    source: spec.service,
  });
}

/** The message the producer's outbox relay would publish for `spec` at `at`. */
export function message(spec: SourceEventSpec, at: Date, id = Bun.randomUUIDv7()) {
  return {
    id,
    type: spec.type,
    key: spec.aggregateId,
    traceparent: null,
    occurredAt: at,
    value: toBinary(EventEnvelopeSchema, envelopeOf(spec, at, id)),
  };
}

/** Publishes an event as the producer's outbox relay would; returns its id (pass it again to redeliver). */
export async function publish(
  bus: EventBus,
  spec: SourceEventSpec,
  at: Date,
  id = Bun.randomUUIDv7(),
): Promise<string> {
  await bus.publish(serviceTopic(spec.service), [message(spec, at, id)]);
  return id;
}

/** The event as the consumer's handler receives it, for tests that apply events without a bus. */
export function delivered(spec: SourceEventSpec, at = new Date(0), id = Bun.randomUUIDv7()): DeliveredEvent {
  return {
    id,
    type: spec.type,
    aggregateId: spec.aggregateId,
    occurredAt: at,
    traceparent: undefined,
    source: spec.service,
    topic: serviceTopic(spec.service),
    headers: {},
    envelope: envelopeOf(spec, at, id),
    attempt: 1,
  };
}
