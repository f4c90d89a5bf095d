import type { CommentRow } from "../db/schema/index.ts";

/** A comment as its doors return it. */
export interface CommentView {
  id: string;
  postId: string;
  authorId: string;
  /** The comment this one answers; null for a top-level comment. */
  parentCommentId: string | null;
  text: string;
  mediaIds: string[];
  replyCount: number;
  createdAt: string;
  /** Why a moderator hid it; only its author ever receives a hidden comment, others never see it. */
  hiddenReason: string | null;
  /** Trust & safety labels (e.g. spam, nsfw), for everyone who sees it: clients blur it behind them. */
  moderationLabels: string[];
}

export function toCommentView(row: CommentRow): CommentView {
  return {
    id: row.id,
    postId: row.postId,
    authorId: row.authorId,
    parentCommentId: row.parentCommentId,
    text: row.text,
    mediaIds: row.mediaIds,
    replyCount: row.replyCount,
    createdAt: row.createdAt.toISOString(),
    hiddenReason: row.hiddenAt ? (row.hiddenReason ?? "") : null,
    moderationLabels: row.moderationLabels,
  };
}
