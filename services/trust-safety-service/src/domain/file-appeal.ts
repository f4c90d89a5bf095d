import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { ConflictError, FailedPreconditionError, NotFoundError } from "@nova/errors";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { actions, appeals, cases } from "../db/schema/index.ts";
import { recordAudit } from "./record-audit.ts";
import { requireAccount } from "./staff.ts";
import { validateInput } from "./validate-input.ts";

export const appealSchema = z
  .object({
    actionId: z.uuid("must be an action id (UUID)").transform((s) => s.toLowerCase()),
    statement: z.string().trim().min(1, "say why").max(5000),
  })
  .strict();

export interface AppealView {
  appealId: string;
  actionId: string;
  caseId: string;
  status: string;
  createdAt: string;
}

/**
 * The affected account appeals an action in force against it → a case of kind "appeal" in the
 * queue. Accepted from a suspended account (the route verifies its token without the revocation
 * view). One appeal per action; someone else's action answers 404 (nothing is revealed).
 */
export async function fileAppeal(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: z.input<typeof appealSchema>;
}): Promise<AppealView> {
  const { ctx } = args;
  const me = requireAccount(args.auth).accountId;
  const input = validateInput(appealSchema, args.input, "appeal");
  const now = ctx.clock();
  return withTransaction(ctx.db.db, async (tx) => {
    const [action] = await tx.select().from(actions).where(eq(actions.id, input.actionId));
    if (!action || action.subjectAccountId !== me) throw new NotFoundError("action", input.actionId);
    if (!action.active) throw new FailedPreconditionError("the action is no longer in force");
    const [dup] = await tx.select({ id: appeals.id }).from(appeals).where(eq(appeals.actionId, action.id));
    if (dup) throw new ConflictError("this action is already appealed", "actionId");
    const appealId = Bun.randomUUIDv7();
    const caseId = Bun.randomUUIDv7();
    await tx.insert(cases).values({
      id: caseId,
      kind: "appeal",
      subjectType: action.subjectType,
      subjectId: action.subjectId,
      subjectAccountId: me,
      baseSeverity: 3,
      appealId,
      detail: {
        actionId: action.id,
        action: action.action,
        actedBy: action.moderatorId,
        statement: input.statement,
      },
      createdAt: now,
    });
    await tx.insert(appeals).values({
      id: appealId,
      actionId: action.id,
      accountId: me,
      statement: input.statement,
      caseId,
      createdAt: now,
    });
    await recordAudit(tx, {
      actor: me,
      verb: "appeal.filed",
      caseId,
      actionId: action.id,
      subjectType: action.subjectType,
      subjectId: action.subjectId,
      reason: input.statement,
      at: now,
    });
    return { appealId, actionId: action.id, caseId, status: "open", createdAt: now.toISOString() };
  });
}
