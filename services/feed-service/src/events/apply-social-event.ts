import { anyUnpack, type Timestamp, timestampMs } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import {
  BookmarkCreatedSchema,
  BookmarkDeletedSchema,
  LikeCreatedSchema,
  LikeDeletedSchema,
  PostCountersChangedSchema,
  RepostCreatedSchema,
  RepostDeletedSchema,
  SubjectKind,
} from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { applyOnce } from "../domain/event-ledger.ts";
import type { TimelineEntry } from "../domain/timeline-store.ts";
import { ENGAGEMENT_WEIGHT } from "../domain/trending-store.ts";

/**
 * Applies one of social's events, once per event id (`applyOnce`): a like of a post (not of a
 * comment) or a repost enters the engaging account's recent engagements (for-you's
 * friends-of-friends source) and raises the post's trending engagement; their undo reverses both.
 * A repost counts toward the original post, so a reposted post never appears twice. An undo
 * forgets the post even if the account's other engagement with it (a like and a repost) stands.
 * A repost also enters (its undo leaves) the reposting account's reposts, for its user timeline.
 * Each of these, and a bookmark or its removal, drops the post's held counters and the engaging
 * account's held view of it on every instance (before anything else: it is idempotent);
 * PostCountersChanged (a comment or quote counted by social) drops the post's held counters.
 */
export async function applySocialEvent(ctx: ServiceContext, event: DeliveredEvent): Promise<void> {
  const payload = event.envelope.payload;
  if (!payload) return;
  const malformed = (what: string) => new Error(`${event.id}: ${event.type} without ${what}`);
  // The sorted-set write is idempotent, so it goes first; the counter last (see applyOnce).
  const engage = (accountId: string, entry: TimelineEntry, weight: number, repost = false) =>
    applyOnce(ctx.store, event.id, async () => {
      if (repost) await ctx.reposts.pushMany(accountId, [entry]);
      await ctx.engaged.add(accountId, entry);
      await ctx.trending.bump(entry.postId, weight);
    });
  const disengage = (accountId: string, postId: string, weight: number, repost = false) =>
    applyOnce(ctx.store, event.id, async () => {
      if (repost) await ctx.reposts.dropPost(accountId, postId);
      await ctx.engaged.remove(accountId, postId);
      await ctx.trending.bump(postId, -weight);
    });
  const at = (t: Timestamp | undefined) => (t ? timestampMs(t) : ctx.clock().getTime());
  const forget = (accountId: string, postId: string) =>
    Promise.all([ctx.social.forgetCounts([postId]), ctx.social.forgetViewerState(accountId, postId)]);
  switch (event.type) {
    case LikeCreatedSchema.typeName: {
      const e = anyUnpack(payload, LikeCreatedSchema);
      if (!e?.postId || !e.accountId || !e.subjectAuthorId)
        throw malformed("post_id/account_id/subject_author_id");
      if (e.subjectKind !== SubjectKind.POST) return;
      await forget(e.accountId, e.postId);
      const entry = { postId: e.postId, authorId: e.subjectAuthorId, at: at(e.createdAt) };
      await engage(e.accountId, entry, ENGAGEMENT_WEIGHT.like);
      return;
    }
    case LikeDeletedSchema.typeName: {
      const e = anyUnpack(payload, LikeDeletedSchema);
      if (!e?.postId || !e.accountId) throw malformed("post_id/account_id");
      if (e.subjectKind !== SubjectKind.POST) return;
      await forget(e.accountId, e.postId);
      await disengage(e.accountId, e.postId, ENGAGEMENT_WEIGHT.like);
      return;
    }
    case RepostCreatedSchema.typeName: {
      const e = anyUnpack(payload, RepostCreatedSchema);
      if (!e?.postId || !e.accountId || !e.postAuthorId) throw malformed("post_id/account_id/post_author_id");
      await forget(e.accountId, e.postId);
      const entry = { postId: e.postId, authorId: e.postAuthorId, at: at(e.createdAt) };
      await engage(e.accountId, entry, ENGAGEMENT_WEIGHT.repost, true);
      return;
    }
    case RepostDeletedSchema.typeName: {
      const e = anyUnpack(payload, RepostDeletedSchema);
      if (!e?.postId || !e.accountId) throw malformed("post_id/account_id");
      await forget(e.accountId, e.postId);
      await disengage(e.accountId, e.postId, ENGAGEMENT_WEIGHT.repost, true);
      return;
    }
    case PostCountersChangedSchema.typeName: {
      const e = anyUnpack(payload, PostCountersChangedSchema);
      if (!e?.postId) throw malformed("post_id");
      await ctx.social.forgetCounts([e.postId]);
      return;
    }
    case BookmarkCreatedSchema.typeName:
    case BookmarkDeletedSchema.typeName: {
      const e = anyUnpack(
        payload,
        event.type === BookmarkCreatedSchema.typeName ? BookmarkCreatedSchema : BookmarkDeletedSchema,
      );
      if (!e?.postId || !e.accountId) throw malformed("post_id/account_id");
      await forget(e.accountId, e.postId);
      return;
    }
    default:
      return;
  }
}
