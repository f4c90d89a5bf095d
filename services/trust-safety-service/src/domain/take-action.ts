import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
} from "@nova/errors";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { actions, appeals, type CaseRow, cases, reports } from "../db/schema/index.ts";
import { enqueueAppealDecided, enqueueEnforcementChanged } from "../events/enqueue-enforcement.ts";
import { recordAudit } from "./record-audit.ts";
import { requireModerator } from "./staff.ts";
import { validateInput } from "./validate-input.ts";

export const CASE_ACTIONS = ["dismiss", "label", "hide", "remove", "limit", "suspend", "ban"] as const;
export const APPEAL_ACTIONS = ["overturn", "uphold"] as const;
const ACCOUNT_LEVEL = new Set(["limit", "suspend", "ban"]);

export const actionSchema = z
  .object({
    action: z.enum([...CASE_ACTIONS, ...APPEAL_ACTIONS]),
    labels: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
    reason: z.string().trim().min(1, "a reason is required").max(2000),
    durationHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .optional(),
    notifyUser: z.boolean().default(true),
  })
  .strict()
  .superRefine((v, c) => {
    if (v.action === "label" && v.labels.length === 0)
      c.addIssue({ code: "custom", path: ["labels"], message: "a label action needs labels" });
    if (v.durationHours !== undefined && !["suspend", "limit", "hide", "label"].includes(v.action))
      c.addIssue({ code: "custom", path: ["durationHours"], message: `${v.action} takes no duration` });
  });
export type ActionInput = z.input<typeof actionSchema>;

export interface ActionView {
  actionId: string;
  caseId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  subjectAccountId: string | null;
  labels: string[];
  reason: string;
  active: boolean;
  expiresAt: string | null;
  createdAt: string;
}

/**
 * A moderator decides a case. On a report or automated-hold case: dismiss, or an enforcing action
 * (label/hide/remove on the subject; limit/suspend/ban on the subject's account) announced as
 * EnforcementChanged. On an appeal case: overturn (lifts the contested action, EnforcementChanged
 * active=false) or uphold — by a moderator other than the one who acted; AppealDecided either way.
 * Closes the case, marks its reports, and writes the audit entry, all in one transaction.
 */
export async function takeAction(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: { caseId: string; action: ActionInput };
}): Promise<ActionView> {
  const { ctx } = args;
  const me = requireModerator(args.auth).accountId;
  const caseId = validateInput(z.uuid("must be a case id (UUID)"), args.input.caseId, "case id");
  const input = validateInput(actionSchema, args.input.action, "action");
  const now = ctx.clock();
  const out = await withTransaction(ctx.db.db, async (tx) => {
    const [kase] = await tx.select().from(cases).where(eq(cases.id, caseId)).for("update");
    if (!kase) throw new NotFoundError("case", caseId);
    if (kase.status !== "open") throw new FailedPreconditionError("the case is already decided");
    const isAppeal = kase.kind === "appeal";
    if (isAppeal !== (APPEAL_ACTIONS as readonly string[]).includes(input.action))
      throw new InvalidArgumentError("action is invalid", [
        {
          field: "action",
          message: isAppeal
            ? "an appeal is decided with overturn or uphold"
            : "overturn and uphold decide appeals",
        },
      ]);
    const view = isAppeal
      ? await decideAppeal(ctx, tx, kase, me, input, now)
      : await enforce(ctx, tx, kase, me, input, now);
    await tx
      .update(cases)
      .set({ status: "closed", closedAt: now, firstActionAt: kase.firstActionAt ?? now })
      .where(eq(cases.id, kase.id));
    if (!isAppeal)
      await tx
        .update(reports)
        .set({ status: input.action === "dismiss" ? "dismissed" : "actioned" })
        .where(eq(reports.caseId, kase.id));
    await recordAudit(tx, {
      actor: me,
      verb: `action.${input.action}`,
      caseId: kase.id,
      actionId: view.actionId,
      subjectType: view.subjectType,
      subjectId: view.subjectId,
      reason: input.reason,
      detail: {
        labels: input.labels,
        durationHours: input.durationHours ?? null,
        notifyUser: input.notifyUser,
        subjectAccountId: view.subjectAccountId,
      },
      at: now,
    });
    return view;
  });
  ctx.relay.wake();
  return out;
}

type Tx = Parameters<Parameters<typeof withTransaction>[1]>[0];
type Input = z.infer<typeof actionSchema>;

async function enforce(
  ctx: ServiceContext,
  tx: Tx,
  kase: CaseRow,
  me: string,
  input: Input,
  now: Date,
): Promise<ActionView> {
  const accountLevel = ACCOUNT_LEVEL.has(input.action);
  if (accountLevel && !kase.subjectAccountId)
    throw new FailedPreconditionError(
      `the owner of ${kase.subjectType} ${kase.subjectId} is not known: ${input.action} needs an account`,
    );
  const subject = accountLevel
    ? { subjectType: "account" as const, subjectId: kase.subjectAccountId as string }
    : { subjectType: kase.subjectType, subjectId: kase.subjectId };
  const dismissingHold =
    input.action === "dismiss" && kase.kind === "auto_hold" && kase.subjectType !== "account";
  const [row] = await tx
    .insert(actions)
    .values({
      id: Bun.randomUUIDv7(),
      caseId: kase.id,
      moderatorId: me,
      action: input.action,
      labels: input.labels,
      reason: input.reason,
      ...subject,
      subjectAccountId: kase.subjectAccountId,
      notifyUser: input.notifyUser,
      active: input.action !== "dismiss",
      expiresAt: input.durationHours ? new Date(now.getTime() + input.durationHours * 3_600_000) : null,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error("action not stored");
  // An enforcing action takes effect; dismissing an automated hold releases the held post or comment
  // (the owning service hid it on "hold": a lifted "hide" publishes it).
  if (row.active) await enqueueEnforcementChanged(ctx, tx, row, { active: true, at: now });
  else if (dismissingHold)
    await enqueueEnforcementChanged(ctx, tx, { ...row, action: "hide" }, { active: false, at: now });
  return toActionView(row);
}

async function decideAppeal(
  ctx: ServiceContext,
  tx: Tx,
  kase: CaseRow,
  me: string,
  input: Input,
  now: Date,
): Promise<ActionView> {
  const [appeal] = kase.appealId ? await tx.select().from(appeals).where(eq(appeals.id, kase.appealId)) : [];
  if (!appeal) throw new NotFoundError("appeal of case", kase.id);
  const [original] = await tx.select().from(actions).where(eq(actions.id, appeal.actionId)).for("update");
  if (!original) throw new NotFoundError("action", appeal.actionId);
  if (original.moderatorId === me)
    throw new PermissionDeniedError("an appeal is decided by a moderator other than the one who acted");
  const overturn = input.action === "overturn";
  if (overturn && original.active) {
    await tx.update(actions).set({ active: false, liftedAt: now }).where(eq(actions.id, original.id));
    await enqueueEnforcementChanged(
      ctx,
      tx,
      { ...original, notifyUser: input.notifyUser },
      { active: false, at: now },
    );
  }
  await tx
    .update(appeals)
    .set({ status: overturn ? "overturned" : "upheld", decidedBy: me, decidedAt: now })
    .where(eq(appeals.id, appeal.id));
  await enqueueAppealDecided(ctx, tx, {
    appealId: appeal.id,
    actionId: original.id,
    accountId: appeal.accountId,
    outcome: overturn ? "overturn" : "uphold",
    reason: input.reason,
    at: now,
  });
  const [row] = await tx
    .insert(actions)
    .values({
      id: Bun.randomUUIDv7(),
      caseId: kase.id,
      moderatorId: me,
      action: input.action,
      labels: [],
      reason: input.reason,
      subjectType: original.subjectType,
      subjectId: original.subjectId,
      subjectAccountId: original.subjectAccountId,
      notifyUser: input.notifyUser,
      active: false,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error("decision not stored");
  return toActionView(row);
}

export function toActionView(r: typeof actions.$inferSelect): ActionView {
  return {
    actionId: r.id,
    caseId: r.caseId,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    subjectAccountId: r.subjectAccountId,
    labels: r.labels,
    reason: r.reason,
    active: r.active,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
