import { eq } from "drizzle-orm";
import type { Database } from "../database.ts";
import { MigrationError } from "./migration-error.ts";
import type { MigrationHandle, MigrationTarget } from "./migration-target.ts";
import {
  ensureMigrationsTable,
  migrationsTable,
  readAppliedMigrations,
  recordMigration,
} from "./migrations-table.ts";
import { readMigrations } from "./read-migrations.ts";
import { runStatement } from "./run-statement.ts";
import { lockSchemaForMigration } from "./schema-lock.ts";

/**
 * Applies the pending migrations of one schema in journal order, each in its own transaction that
 * also records it in `<schema>.__migrations`. Each transaction holds the schema's advisory lock and
 * re-checks the record, so replicas racing on start apply every migration exactly once. Refuses to
 * run when an applied migration's file has changed since (as `sqlx migrate run` does).
 */
export async function migrate(
  handle: MigrationHandle,
  target: MigrationTarget,
): Promise<{ applied: string[] }> {
  const { schema } = target;
  const files = await readMigrations(target.migrationsFolder);
  const db = handle.db;
  // Creating the schema up front means a service whose schema has no tables (drizzle-kit then
  // writes no migration at all) still gets its schema.
  await db.transaction(async (tx) => {
    await lockSchemaForMigration(tx, schema);
    await ensureMigrationsTable(tx, schema);
  });
  const recorded = new Map((await readAppliedMigrations(db, schema)).map((m) => [m.tag, m.hash]));
  const changed = files.filter((f) => recorded.has(f.tag) && recorded.get(f.tag) !== f.hash);
  if (changed.length > 0) {
    throw new MigrationError(
      `schema ${schema}: applied migration(s) changed on disk since they ran: ${changed.map((f) => f.path).join(", ")}. ` +
        "Restore the files, or revert and re-apply them in development.",
    );
  }
  const applied: string[] = [];
  for (const file of files) {
    if (recorded.has(file.tag)) continue;
    const ran = await db.transaction(async (tx) => {
      await lockSchemaForMigration(tx, schema);
      // Another replica may have applied it while we waited for the lock.
      if (await isRecorded(tx, schema, file.tag)) return false;
      for (const [index, statement] of file.statements.entries()) {
        await runStatement(tx, statement, { schema, file: file.path, index });
      }
      await recordMigration(tx, schema, file.tag, file.hash);
      return true;
    });
    if (ran) applied.push(file.tag);
  }
  return { applied };
}

async function isRecorded(tx: Database, schema: string, tag: string): Promise<boolean> {
  const table = migrationsTable(schema);
  const rows = await tx.select({ tag: table.tag }).from(table).where(eq(table.tag, tag));
  return rows.length > 0;
}
