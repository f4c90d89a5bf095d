import { join } from "node:path";
import { MigrationError } from "./migration-error.ts";
import type { MigrationHandle, MigrationTarget } from "./migration-target.ts";
import { forgetMigration, migrationsTableExists, readAppliedMigrations } from "./migrations-table.ts";
import { splitStatements } from "./read-migrations.ts";
import { runStatement } from "./run-statement.ts";
import { lockSchemaForMigration } from "./schema-lock.ts";

/**
 * Reverts the most recently applied migration by running the hand-written
 * `<migrationsFolder>/down/<tag>.sql` and deleting its record, in one transaction.
 *
 * The down file of the first migration usually drops the whole schema, which takes
 * `__migrations` with it; that is consistent (nothing is applied any more), so the record is then
 * simply gone. A down file that drops the schema while earlier migrations are still recorded would
 * silently erase them too, so that is refused and rolled back.
 */
export async function revertLast(
  handle: MigrationHandle,
  target: MigrationTarget,
): Promise<{ reverted: string } | null> {
  const { schema } = target;
  return handle.db.transaction(async (tx) => {
    await lockSchemaForMigration(tx, schema);
    const applied = await readAppliedMigrations(tx, schema);
    const last = applied.at(-1);
    if (!last) return null;
    const downPath = join(target.migrationsFolder, "down", `${last.tag}.sql`);
    const downFile = Bun.file(downPath);
    if (!(await downFile.exists())) {
      throw new MigrationError(
        `cannot revert ${last.tag} of schema ${schema}: down migration ${downPath} does not exist`,
      );
    }
    const statements = splitStatements(await downFile.text());
    for (const [index, statement] of statements.entries()) {
      await runStatement(tx, statement, { schema, file: downPath, index });
    }
    if (await migrationsTableExists(tx, schema)) {
      await forgetMigration(tx, schema, last.tag);
    } else if (applied.length > 1) {
      throw new MigrationError(
        `${downPath} dropped ${schema}.__migrations, but ${applied.length - 1} earlier migration(s) are still applied; ` +
          "only the first migration's down file may drop the schema (rolled back)",
      );
    }
    return { reverted: last.tag };
  });
}
