import type { PostRow, PostStatus, ReplyPolicy, Visibility } from "../db/schema/index.ts";

/** A post as its doors return it (times ISO-8601 UTC). */
export interface PostView {
  id: string;
  authorId: string;
  text: string;
  mediaIds: string[];
  replyToPostId: string | null;
  quoteOfPostId: string | null;
  visibility: Visibility;
  contentWarning: string | null;
  hashtags: string[];
  mentionedUserIds: string[];
  replyPolicy: ReplyPolicy;
  quotesAllowed: boolean;
  status: PostStatus;
  /** When a scheduled post will be published. */
  scheduledAt: string | null;
  publishedAt: string | null;
  edited: boolean;
  editedAt: string | null;
  commentCount: number;
  createdAt: string;
  /** Trust & safety: labels for clients to blur behind; why it is hidden (only its author sees a hidden post). */
  moderation: { labels: string[]; hiddenReason: string | null; pendingReview: boolean };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toPostView(row: PostRow): PostView {
  return {
    id: row.id,
    authorId: row.authorId,
    text: row.text,
    mediaIds: row.mediaIds,
    replyToPostId: row.replyToPostId,
    quoteOfPostId: row.quoteOfPostId,
    visibility: row.visibility,
    contentWarning: row.contentWarning,
    hashtags: row.hashtags,
    mentionedUserIds: row.mentionedUserIds,
    replyPolicy: row.replyPolicy,
    quotesAllowed: row.quotesAllowed,
    status: row.status,
    scheduledAt: row.status === "scheduled" ? iso(row.publishAt) : null,
    publishedAt: iso(row.publishedAt),
    edited: row.editedAt !== null,
    editedAt: iso(row.editedAt),
    commentCount: row.commentCount,
    createdAt: row.createdAt.toISOString(),
    moderation: {
      labels: row.moderationLabels,
      hiddenReason: row.hiddenAt ? row.hiddenReason : null,
      pendingReview: row.moderationPending,
    },
  };
}
