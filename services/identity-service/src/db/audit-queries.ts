import type { Database } from "@nova/db";
import { desc, eq } from "drizzle-orm";
import { auditLog } from "./schema/index.ts";

export async function insertAuditEvent(db: Database, values: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(values);
}

export function listAuditEvents(db: Database, accountId: string, limit = 200) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.accountId, accountId))
    .orderBy(desc(auditLog.createdAt))
    .limit(limit);
}
