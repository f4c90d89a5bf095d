import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { Database } from "@nova/db";
import {
  AppealDecidedSchema,
  EnforcementChangedSchema,
} from "@nova/proto/trust_safety/v1/enforcement-events";
import type { ServiceContext } from "../context.ts";
import type { ActionRow } from "../db/schema/index.ts";

/**
 * EnforcementChanged in the caller's transaction: the action took effect (active) or was lifted.
 * Aggregate: the subject account (or the subject when its owner is unknown), so one account's
 * enforcement events stay in order for the owning services.
 */
export async function enqueueEnforcementChanged(
  ctx: ServiceContext,
  tx: Database,
  action: Pick<
    ActionRow,
    | "id"
    | "subjectType"
    | "subjectId"
    | "subjectAccountId"
    | "action"
    | "labels"
    | "reason"
    | "expiresAt"
    | "notifyUser"
  >,
  opts: { active: boolean; at: Date },
): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: action.subjectAccountId ?? action.subjectId,
    schema: EnforcementChangedSchema,
    payload: {
      actionId: action.id,
      subjectType: action.subjectType,
      subjectId: action.subjectId,
      subjectAccountId: action.subjectAccountId ?? "",
      action: action.action,
      active: opts.active,
      labels: [...action.labels],
      reason: action.reason,
      ...(action.expiresAt ? { expiresAt: timestampFromMs(action.expiresAt.getTime()) } : {}),
      occurredAt: timestampFromMs(opts.at.getTime()),
      notifyUser: action.notifyUser,
    },
    occurredAt: opts.at,
  });
}

/** AppealDecided in the caller's transaction (notification-service tells the account). */
export async function enqueueAppealDecided(
  ctx: ServiceContext,
  tx: Database,
  input: {
    appealId: string;
    actionId: string;
    accountId: string;
    outcome: "overturn" | "uphold";
    reason: string;
    at: Date;
  },
): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: input.accountId,
    schema: AppealDecidedSchema,
    payload: {
      appealId: input.appealId,
      actionId: input.actionId,
      accountId: input.accountId,
      outcome: input.outcome,
      reason: input.reason,
      decidedAt: timestampFromMs(input.at.getTime()),
    },
    occurredAt: input.at,
  });
}
