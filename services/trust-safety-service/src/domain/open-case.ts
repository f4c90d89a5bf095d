import type { Database } from "@nova/db";
import { and, eq, ne } from "drizzle-orm";
import { type CaseKind, type CaseRow, cases, type SubjectType } from "../db/schema/index.ts";

/**
 * The open case of a subject, opened now if there is none: every report on a subject (and an
 * automated hold of it) lands in one case. Concurrent openers meet on the partial unique index.
 */
export async function openCase(
  tx: Database,
  input: {
    kind: Exclude<CaseKind, "appeal">;
    subjectType: SubjectType;
    subjectId: string;
    subjectAccountId: string | null;
    baseSeverity: number;
    detail?: Record<string, unknown>;
    at: Date;
  },
): Promise<CaseRow> {
  const find = async () =>
    (
      await tx
        .select()
        .from(cases)
        .where(
          and(
            eq(cases.subjectType, input.subjectType),
            eq(cases.subjectId, input.subjectId),
            eq(cases.status, "open"),
            ne(cases.kind, "appeal"),
          ),
        )
        .limit(1)
    )[0];
  const existing = await find();
  if (existing) {
    if (!existing.subjectAccountId && input.subjectAccountId)
      await tx
        .update(cases)
        .set({ subjectAccountId: input.subjectAccountId })
        .where(eq(cases.id, existing.id));
    return existing;
  }
  await tx
    .insert(cases)
    .values({
      id: Bun.randomUUIDv7(),
      kind: input.kind,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      subjectAccountId: input.subjectAccountId,
      baseSeverity: input.baseSeverity,
      detail: input.detail ?? null,
      createdAt: input.at,
    })
    .onConflictDoNothing();
  const row = await find();
  if (!row) throw new Error(`case for ${input.subjectType} ${input.subjectId} vanished`);
  return row;
}
