import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import type { DeliveredEvent } from "@nova/events";
import { SOURCE_EVENTS as E } from "../domain/source-event-types.ts";

/** A source event reduced to what materialisation needs; times are epoch ms. */
export type SourceEvent =
  | {
      kind: "post_created";
      postId: string;
      authorId: string;
      hashtags: readonly string[];
      publishedAt?: number;
    }
  | { kind: "post_removed"; postId: string; authorId: string }
  | { kind: "comment_created" | "comment_deleted"; postId: string; postAuthorId: string; authorId: string }
  | { kind: "like_created"; accountId: string; subjectKind: number; postId: string; subjectAuthorId: string }
  | { kind: "like_deleted"; accountId: string; subjectKind: number; postId: string }
  | { kind: "repost_created"; accountId: string; postId: string; postAuthorId: string }
  | { kind: "repost_deleted"; accountId: string; postId: string }
  | { kind: "follow_created" | "follow_deleted"; followerId: string; followeeId: string };

/** `SubjectKind.SUBJECT_KIND_POST` of nova.social.v1. */
export const SUBJECT_KIND_POST = 1;

/** The last value of each field of a message: length-delimited ones as bytes, varints as numbers. */
type Fields = Record<number, Uint8Array | number>;

/**
 * Reads one message's fields by number. Why by hand: the producers' messages are read by their
 * published field numbers (proto/nova/{content,social,graph}/v1), so this service builds without
 * their generated code; unknown fields are skipped, so producers may add fields freely.
 */
function readFields(bytes: Uint8Array): Fields {
  const reader = new BinaryReader(bytes);
  const out: Fields = {};
  while (reader.pos < reader.len) {
    const [no, wire] = reader.tag();
    if (wire === WireType.LengthDelimited) out[no] = reader.bytes();
    else if (wire === WireType.Varint) out[no] = Number(reader.int64());
    else reader.skip(wire, no);
  }
  return out;
}

const utf8 = new TextDecoder();

/** Reads a google.protobuf.Timestamp (seconds = 1, nanos = 2) into epoch ms. */
function readTimestamp(bytes: Uint8Array): number {
  const reader = new BinaryReader(bytes);
  let seconds = 0;
  let nanos = 0;
  while (reader.pos < reader.len) {
    const [no, wire] = reader.tag();
    if (no === 1 && wire === WireType.Varint) seconds = Number(reader.int64());
    else if (no === 2 && wire === WireType.Varint) nanos = reader.int32();
    else reader.skip(wire, no);
  }
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

/** The post's fields we need (Post: id 1, author_id 2, hashtags 9, published_at 14). */
function readPost(bytes: Uint8Array): {
  id: string;
  authorId: string;
  hashtags: string[];
  publishedAt?: number;
} {
  const reader = new BinaryReader(bytes);
  const post = {
    id: "",
    authorId: "",
    hashtags: [] as string[],
    publishedAt: undefined as number | undefined,
  };
  while (reader.pos < reader.len) {
    const [no, wire] = reader.tag();
    if (no === 1 && wire === WireType.LengthDelimited) post.id = reader.string();
    else if (no === 2 && wire === WireType.LengthDelimited) post.authorId = reader.string();
    else if (no === 9 && wire === WireType.LengthDelimited) post.hashtags.push(reader.string());
    else if (no === 14 && wire === WireType.LengthDelimited) post.publishedAt = readTimestamp(reader.bytes());
    else reader.skip(wire, no);
  }
  const { publishedAt, ...rest } = post;
  return publishedAt === undefined ? rest : { ...rest, publishedAt };
}

const str = (f: Fields, no: number) => {
  const v = f[no];
  return v instanceof Uint8Array ? utf8.decode(v) : "";
};
const num = (f: Fields, no: number) => {
  const v = f[no];
  return typeof v === "number" ? v : 0;
};

function required<T extends SourceEvent>(event: DeliveredEvent, value: T, ...ids: string[]): T {
  if (ids.some((id) => id === "")) throw new Error(`${event.id}: ${event.type} is missing an id field`);
  return value;
}

/**
 * Decodes an event this service materialises; `undefined` for every other type (not ours).
 * A source event without its ids throws (the bus retries, then dead-letters it).
 */
export function readSourceEvent(event: DeliveredEvent): SourceEvent | undefined {
  const bytes = event.envelope.payload?.value;
  if (!bytes) return undefined;
  switch (event.type) {
    case E.postCreated: {
      const reader = new BinaryReader(bytes);
      let post: ReturnType<typeof readPost> | undefined;
      while (reader.pos < reader.len) {
        const [no, wire] = reader.tag();
        if (no === 1 && wire === WireType.LengthDelimited) post = readPost(reader.bytes());
        else reader.skip(wire, no);
      }
      if (!post) throw new Error(`${event.id}: PostCreated without post`);
      const { id, ...rest } = post;
      return required(event, { kind: "post_created", postId: id, ...rest }, id, rest.authorId);
    }
    case E.postDeleted:
    case E.postHidden: {
      const f = readFields(bytes);
      return required(event, { kind: "post_removed", postId: str(f, 1), authorId: str(f, 2) }, str(f, 1));
    }
    case E.commentCreated: {
      const comment = readFields(bytes)[1];
      const c = comment instanceof Uint8Array ? readFields(comment) : {};
      const value = {
        kind: "comment_created",
        postId: str(c, 2),
        postAuthorId: str(c, 3),
        authorId: str(c, 4),
      } as const;
      return required(event, value, value.postId, value.authorId);
    }
    case E.commentDeleted: {
      const f = readFields(bytes);
      const value = {
        kind: "comment_deleted",
        postId: str(f, 2),
        postAuthorId: str(f, 3),
        authorId: str(f, 4),
      } as const;
      return required(event, value, value.postId, value.authorId);
    }
    case E.likeCreated: {
      const f = readFields(bytes);
      const value = {
        kind: "like_created",
        accountId: str(f, 1),
        subjectKind: num(f, 2),
        postId: str(f, 5),
        subjectAuthorId: str(f, 4),
      } as const;
      return required(event, value, value.accountId, value.postId);
    }
    case E.likeDeleted: {
      const f = readFields(bytes);
      const value = {
        kind: "like_deleted",
        accountId: str(f, 1),
        subjectKind: num(f, 2),
        postId: str(f, 4),
      } as const;
      return required(event, value, value.accountId, value.postId);
    }
    case E.repostCreated: {
      const f = readFields(bytes);
      const value = {
        kind: "repost_created",
        accountId: str(f, 2),
        postId: str(f, 3),
        postAuthorId: str(f, 4),
      } as const;
      return required(event, value, value.accountId, value.postId);
    }
    case E.repostDeleted: {
      const f = readFields(bytes);
      const value = { kind: "repost_deleted", accountId: str(f, 2), postId: str(f, 3) } as const;
      return required(event, value, value.accountId, value.postId);
    }
    case E.followCreated:
    case E.followDeleted: {
      const f = readFields(bytes);
      const kind = event.type === E.followCreated ? "follow_created" : "follow_deleted";
      return required(event, { kind, followerId: str(f, 1), followeeId: str(f, 2) }, str(f, 1), str(f, 2));
    }
    default:
      return undefined;
  }
}
