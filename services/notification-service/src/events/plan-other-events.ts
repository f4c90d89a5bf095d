import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { MessageAwaitingDeliverySchema } from "@nova/proto/realtime_chat/v1/chat-events";
import {
  AppealDecidedSchema,
  EnforcementChangedSchema,
} from "@nova/proto/trust_safety/v1/enforcement-events";
import { eraseAccount } from "../domain/erase-account.ts";
import { groupKeys } from "../domain/intent.ts";
import { prepareNotification } from "../domain/notify.ts";
import { malformed, type Planner, timeOf } from "./plan.ts";

/** identity's AccountDeleted (twice: at once and by the sweep) erases everything of the account. */
export const planIdentityEvent: Planner = (ctx, event) => {
  const payload = event.envelope.payload;
  if (!payload || event.type !== AccountDeletedSchema.typeName) return undefined;
  const e = anyUnpack(payload, AccountDeletedSchema);
  if (!e?.accountId) throw malformed(event, "account_id");
  return async () => eraseAccount(ctx, e.accountId);
};

/** trust-safety's decisions that ask for it (`notify_user`) and every appeal outcome tell the account. */
export const planTrustSafetyEvent: Planner = (ctx, event) => {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  if (event.type === EnforcementChangedSchema.typeName) {
    const e = anyUnpack(payload, EnforcementChangedSchema);
    if (!e?.actionId || !e.subjectAccountId) throw malformed(event, "action_id/subject_account_id");
    if (!e.notifyUser) return undefined;
    const cause = `moderation:${e.actionId}:${e.active ? "on" : "off"}`;
    return () =>
      prepareNotification(ctx, {
        recipientId: e.subjectAccountId,
        type: "moderation",
        actorId: null,
        cause,
        groupKey: groupKeys.single(cause),
        at: timeOf(ctx, e.occurredAt),
        postId: e.subjectType === "post" ? e.subjectId : undefined,
        commentId: e.subjectType === "comment" ? e.subjectId : undefined,
        data: {
          actionId: e.actionId,
          subjectType: e.subjectType,
          subjectId: e.subjectId,
          action: e.action,
          active: e.active,
          labels: [...e.labels],
          reason: e.reason,
          expiresAt: e.expiresAt ? timeOf(ctx, e.expiresAt).toISOString() : null,
        },
      });
  }
  if (event.type === AppealDecidedSchema.typeName) {
    const e = anyUnpack(payload, AppealDecidedSchema);
    if (!e?.appealId || !e.accountId) throw malformed(event, "appeal_id/account_id");
    const cause = `appeal:${e.appealId}`;
    return () =>
      prepareNotification(ctx, {
        recipientId: e.accountId,
        type: "appeal",
        actorId: null,
        cause,
        groupKey: groupKeys.single(cause),
        at: timeOf(ctx, e.decidedAt),
        data: { appealId: e.appealId, actionId: e.actionId, outcome: e.outcome, reason: e.reason },
      });
  }
  return undefined;
};

/** How long pushes of one conversation to one account collapse into one ("New message"). */
const MESSAGE_PUSH_COLLAPSE_MS = 5_000;

/**
 * realtime-chat's MessageAwaitingDelivery (one per offline device) → one content-free "New message"
 * push to the recipient's push targets, at most one per conversation per 5 s; no inbox item.
 */
export const planChatEvent: Planner = (ctx, event) => {
  const payload = event.envelope.payload;
  if (!payload || event.type !== MessageAwaitingDeliverySchema.typeName) return undefined;
  const e = anyUnpack(payload, MessageAwaitingDeliverySchema);
  if (!e?.recipientAccountId || !e.conversationId)
    throw malformed(event, "recipient_account_id/conversation_id");
  return async () => {
    const lock = await ctx.cache
      .acquireLock(
        `notification:v1:message-push:${e.recipientAccountId}:${e.conversationId}`,
        MESSAGE_PUSH_COLLAPSE_MS,
      )
      .catch(() => "unlocked");
    if (!lock) return undefined;
    const cause = `message:${e.conversationId}:${e.recipientDeviceId}:${e.deviceSeq}`;
    return prepareNotification(ctx, {
      recipientId: e.recipientAccountId,
      type: "message",
      actorId: e.senderAccountId || null,
      cause,
      groupKey: `message:${e.conversationId}`,
      at: timeOf(ctx, e.sentAt),
      data: { conversationId: e.conversationId },
    });
  };
};
