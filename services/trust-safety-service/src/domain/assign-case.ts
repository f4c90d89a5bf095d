import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { FailedPreconditionError, NotFoundError } from "@nova/errors";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { cases } from "../db/schema/index.ts";
import { recordAudit } from "./record-audit.ts";
import { requireModerator } from "./staff.ts";
import { validateInput } from "./validate-input.ts";

const assignSchema = z.object({
  caseId: z.uuid("must be a case id (UUID)"),
  /** Default: the calling moderator. */
  assigneeId: z.uuid().optional(),
});

/** Assigns an open case to a moderator (the caller by default); audit-logged. */
export async function assignCase(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: z.input<typeof assignSchema>;
}): Promise<{ caseId: string; assigneeId: string }> {
  const { ctx } = args;
  const me = requireModerator(args.auth).accountId;
  const input = validateInput(assignSchema, args.input, "assignment");
  const assigneeId = input.assigneeId ?? me;
  const now = ctx.clock();
  return withTransaction(ctx.db.db, async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, input.caseId)).for("update");
    if (!row) throw new NotFoundError("case", input.caseId);
    if (row.status !== "open") throw new FailedPreconditionError("the case is closed");
    await tx.update(cases).set({ assigneeId }).where(eq(cases.id, row.id));
    await recordAudit(tx, {
      actor: me,
      verb: "case.assigned",
      caseId: row.id,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      detail: { assigneeId },
      at: now,
    });
    return { caseId: row.id, assigneeId };
  });
}
