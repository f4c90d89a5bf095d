import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  type Comment,
  CommentSchema,
  type Post,
  PostSchema,
  ReplyPolicy,
  Visibility,
} from "@nova/proto/content/v1";
import type {
  CommentRow,
  ReplyPolicy as PolicyName,
  PostRow,
  Visibility as VisibilityName,
} from "../db/schema/index.ts";

const VISIBILITY: Record<VisibilityName, Visibility> = {
  public: Visibility.PUBLIC,
  followers: Visibility.FOLLOWERS,
  mentioned: Visibility.MENTIONED,
};

const REPLY_POLICY: Record<PolicyName, ReplyPolicy> = {
  everyone: ReplyPolicy.EVERYONE,
  following: ReplyPolicy.FOLLOWING,
  mentioned: ReplyPolicy.MENTIONED,
};

/** A published post on the wire (RPC responses and event payloads); nulls become empty strings. */
export function toPostMessage(row: PostRow): Post {
  return create(PostSchema, {
    id: row.id,
    authorId: row.authorId,
    text: row.text,
    mediaIds: row.mediaIds,
    replyToPostId: row.replyToPostId ?? "",
    quoteOfPostId: row.quoteOfPostId ?? "",
    visibility: VISIBILITY[row.visibility],
    contentWarning: row.contentWarning ?? "",
    hashtags: row.hashtags,
    mentionedUserIds: row.mentionedUserIds,
    replyPolicy: REPLY_POLICY[row.replyPolicy],
    quotesAllowed: row.quotesAllowed,
    edited: row.editedAt !== null,
    ...(row.publishedAt ? { publishedAt: timestampFromDate(row.publishedAt) } : {}),
    ...(row.editedAt ? { editedAt: timestampFromDate(row.editedAt) } : {}),
    commentCount: BigInt(row.commentCount),
  });
}

/** A comment on the wire. */
export function toCommentMessage(row: CommentRow, postAuthorId: string): Comment {
  return create(CommentSchema, {
    id: row.id,
    postId: row.postId,
    postAuthorId,
    authorId: row.authorId,
    parentCommentId: row.parentCommentId ?? "",
    text: row.text,
    createdAt: timestampFromDate(row.createdAt),
  });
}
