import { anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  LikeCreatedSchema,
  LikeDeletedSchema,
  RepostCreatedSchema,
  RepostDeletedSchema,
  SubjectKind,
} from "@nova/proto/social/v1";
import { byCause } from "../db/notification-queries.ts";
import { groupKeys } from "../domain/intent.ts";
import { prepareNotification } from "../domain/notify.ts";
import { retract } from "../domain/retract.ts";
import { malformed, type Planner, timeOf } from "./plan.ts";

const likeCause = (kind: SubjectKind, subjectId: string, accountId: string) =>
  `like:${kind === SubjectKind.COMMENT ? "comment" : "post"}:${subjectId}:${accountId}`;

/**
 * social's likes (of posts and comments) and reposts notify the author, grouped per liked post or
 * comment and per reposted post; unlike and unrepost retract exactly that actor's row.
 */
export const planSocialEvent: Planner = (ctx, event) => {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  switch (event.type) {
    case LikeCreatedSchema.typeName: {
      const e = anyUnpack(payload, LikeCreatedSchema);
      if (!e?.subjectId || !e.accountId || !e.subjectAuthorId)
        throw malformed(event, "subject/account/author");
      const comment = e.subjectKind === SubjectKind.COMMENT;
      return () =>
        prepareNotification(ctx, {
          recipientId: e.subjectAuthorId,
          type: "like",
          actorId: e.accountId,
          cause: likeCause(e.subjectKind, e.subjectId, e.accountId),
          groupKey: comment ? groupKeys.likeComment(e.subjectId) : groupKeys.likePost(e.subjectId),
          at: timeOf(ctx, e.createdAt),
          postId: e.postId || (comment ? undefined : e.subjectId),
          commentId: comment ? e.subjectId : undefined,
        });
    }
    case LikeDeletedSchema.typeName: {
      const e = anyUnpack(payload, LikeDeletedSchema);
      if (!e?.subjectId || !e.accountId) throw malformed(event, "subject_id/account_id");
      return async () => retract(ctx, byCause(likeCause(e.subjectKind, e.subjectId, e.accountId)));
    }
    case RepostCreatedSchema.typeName: {
      const e = anyUnpack(payload, RepostCreatedSchema);
      if (!e?.postId || !e.accountId || !e.postAuthorId)
        throw malformed(event, "post_id/account_id/post_author_id");
      return () =>
        prepareNotification(ctx, {
          recipientId: e.postAuthorId,
          type: "repost",
          actorId: e.accountId,
          cause: `repost:${e.postId}:${e.accountId}`,
          groupKey: groupKeys.repost(e.postId),
          at: timeOf(ctx, e.createdAt),
          postId: e.postId,
        });
    }
    case RepostDeletedSchema.typeName: {
      const e = anyUnpack(payload, RepostDeletedSchema);
      if (!e?.postId || !e.accountId) throw malformed(event, "post_id/account_id");
      return async () => retract(ctx, byCause(`repost:${e.postId}:${e.accountId}`));
    }
    default:
      return undefined;
  }
};
