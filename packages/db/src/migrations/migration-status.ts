import type { MigrationHandle, MigrationTarget } from "./migration-target.ts";
import { readAppliedMigrations } from "./migrations-table.ts";
import { readMigrations } from "./read-migrations.ts";

/** `changed`: applied, but the file's hash differs from the one recorded when it ran. */
export type MigrationState = "applied" | "pending" | "changed";

export interface MigrationStatusEntry {
  tag: string;
  status: MigrationState;
  appliedAt: Date | null;
}

/**
 * The state of every migration in the journal, in journal order. Read-only: it creates nothing, so
 * it is safe against production. Records whose file no longer exists are not listed.
 */
export async function migrationStatus(
  handle: MigrationHandle,
  target: MigrationTarget,
): Promise<MigrationStatusEntry[]> {
  const files = await readMigrations(target.migrationsFolder);
  const recorded = new Map((await readAppliedMigrations(handle.db, target.schema)).map((m) => [m.tag, m]));
  return files.map((file) => {
    const done = recorded.get(file.tag);
    if (!done) return { tag: file.tag, status: "pending", appliedAt: null };
    return {
      tag: file.tag,
      status: done.hash === file.hash ? "applied" : "changed",
      appliedAt: done.appliedAt,
    };
  });
}

/** How many journal migrations have not been applied yet. */
export async function pendingCount(handle: MigrationHandle, target: MigrationTarget): Promise<number> {
  return (await migrationStatus(handle, target)).filter((m) => m.status === "pending").length;
}
