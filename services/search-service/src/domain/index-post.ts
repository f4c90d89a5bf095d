import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Transaction } from "@nova/db";
import type { Comment, Post } from "@nova/proto/content/v1";
import { type DocumentRow, deleteDocuments, findScope, upsertDocument } from "../db/document-writes.ts";
import { syncHashtagUses } from "../db/hashtag-writes.ts";
import { VISIBILITY } from "../db/schema/index.ts";
import { NOTHING_TOUCHED, type Touched } from "../engine/search-engine.ts";
import { extractHashtags } from "./extract-hashtags.ts";
import { guessConfig } from "./post-language.ts";

/** The document a published post becomes (its own audience). */
export function postDocument(post: Post): DocumentRow {
  const visibility = post.visibility >= 1 && post.visibility <= 3 ? post.visibility : VISIBILITY.public;
  return {
    id: post.id,
    kind: "post",
    postId: post.id,
    authorId: post.authorId,
    scopeAuthorId: post.authorId,
    scopeVisibility: visibility,
    scopeMentions: post.mentionedUserIds,
    text: post.contentWarning ? `${post.contentWarning}\n${post.text}` : post.text,
    hashtags: post.hashtags.length > 0 ? post.hashtags : extractHashtags(post.text),
    mentions: post.mentionedUserIds,
    createdAt: post.publishedAt ? timestampDate(post.publishedAt) : new Date(),
    language: guessConfig(post.text),
  };
}

/** The document a comment becomes, with its post's audience. */
export function commentDocument(
  comment: Comment,
  scope: { authorId: string; visibility: number; mentions: string[] },
): DocumentRow {
  return {
    id: comment.id,
    kind: "comment",
    postId: comment.postId,
    authorId: comment.authorId,
    scopeAuthorId: scope.authorId,
    scopeVisibility: scope.visibility,
    scopeMentions: scope.mentions,
    text: comment.text,
    hashtags: extractHashtags(comment.text),
    mentions: [],
    createdAt: comment.createdAt ? timestampDate(comment.createdAt) : new Date(),
    language: guessConfig(comment.text),
  };
}

/** Indexes a published (or edited) post: text, hashtags, mentions, audience. */
export async function indexPost(tx: Transaction, post: Post): Promise<Touched> {
  await upsertDocument(tx, postDocument(post));
  await syncHashtagUses(tx, [post.id]);
  return { documents: [post.id], accounts: [] };
}

/**
 * Indexes a comment with its post's audience. A comment on a post not indexed (deleted, or never
 * visible here) is not indexed: nothing could say who may see it.
 */
export async function indexComment(tx: Transaction, comment: Comment): Promise<Touched> {
  const scope = await findScope(tx, comment.postId);
  if (!scope) return NOTHING_TOUCHED;
  await upsertDocument(tx, commentDocument(comment, scope));
  await syncHashtagUses(tx, [comment.id]);
  return { documents: [comment.id], accounts: [] };
}

/** A deleted post (with its comments) or comment leaves the index and the hashtag counts. */
export async function removeDocument(
  tx: Transaction,
  id: string,
  kind: "post" | "comment",
): Promise<Touched> {
  const removed = await deleteDocuments(tx, id, kind === "post");
  await syncHashtagUses(tx, [id, ...removed]);
  return { documents: [id, ...removed], accounts: [] };
}
