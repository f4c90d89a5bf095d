import { sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";

/** Records an action in force (or lifted) on a subject. */
export async function recordEnforcement(
  db: Executor,
  e: { subjectId: string; subjectType: string; action: string; active: boolean },
): Promise<void> {
  await db.execute(sql`
    insert into search_service.enforcements (subject_id, action, subject_type, active, updated_at)
    values (${e.subjectId}, ${e.action}, ${e.subjectType}, ${e.active}, now())
    on conflict (subject_id, action) do update set active = excluded.active, updated_at = now()`);
}
