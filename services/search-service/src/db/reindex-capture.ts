import { rowsOf } from "@nova/db";
import { sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";

/** The projection tables whose rows events change one by one (the rest derive from them). */
export const CAPTURED_TABLES = ["documents", "accounts", "enforcements"] as const;
export type CapturedTable = (typeof CAPTURED_TABLES)[number];

/** The id a captured row is recorded (and copied at the swap) by: an enforcement by its subject. */
export const CAPTURE_KEY: Record<CapturedTable, string> = {
  documents: "id",
  accounts: "id",
  enforcements: "subject_id",
};

/**
 * Starts recording which documents, accounts and enforcement subjects events change while a
 * reindex runs (a row-level trigger on each live table writes the row's key to `reindex_changes`). The reindex copies those rows
 * from the live tables into the new ones just before the swap, and re-syncs Elasticsearch with the
 * ones changed while it copied — so no event that arrives during a rebuild is lost. The table and
 * triggers exist only while a reindex runs (nothing to pay for in between).
 */
export async function startChangeCapture(db: Executor): Promise<void> {
  await db.execute(sql`
    create unlogged table if not exists search_service.reindex_changes (
      seq bigserial primary key, table_name text not null, id uuid not null)`);
  await db.execute(
    sql.raw(`
    create or replace function search_service.reindex_capture() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'DELETE' then
        insert into search_service.reindex_changes (table_name, id)
        values (TG_TABLE_NAME, (to_jsonb(OLD) ->> TG_ARGV[0])::uuid);
      else
        insert into search_service.reindex_changes (table_name, id)
        values (TG_TABLE_NAME, (to_jsonb(NEW) ->> TG_ARGV[0])::uuid);
      end if;
      return null;
    end $$`),
  );
  for (const table of CAPTURED_TABLES) await captureTable(db, table);
}

/** Installs the capture trigger on one live table (again after a swap: the new table has none). */
export async function captureTable(db: Executor, table: CapturedTable): Promise<void> {
  await db.execute(sql.raw(`drop trigger if exists reindex_capture on search_service.${table}`));
  await db.execute(
    sql.raw(`create trigger reindex_capture after insert or update or delete on search_service.${table}
      for each row execute function search_service.reindex_capture('${CAPTURE_KEY[table]}')`),
  );
}

/** The ids changed since capture started (or since the last `clearChanges`), per table. */
export async function changedIds(db: Executor): Promise<Record<CapturedTable, string[]>> {
  const rows = rowsOf<{ table_name: string; id: string }>(
    await db.execute(sql`select distinct table_name, id::text as id from search_service.reindex_changes`),
  );
  const of = (table: CapturedTable) => rows.filter((r) => r.table_name === table).map((r) => r.id);
  return { documents: of("documents"), accounts: of("accounts"), enforcements: of("enforcements") };
}

export async function clearChanges(db: Executor): Promise<void> {
  await db.execute(sql`truncate search_service.reindex_changes`);
}

/** Stops recording: triggers, function and log go (also after a failed reindex). */
export async function stopChangeCapture(db: Executor): Promise<void> {
  for (const table of CAPTURED_TABLES)
    await db.execute(sql.raw(`drop trigger if exists reindex_capture on search_service.${table}`));
  await db.execute(sql`drop table if exists search_service.reindex_changes`);
  await db.execute(sql`drop function if exists search_service.reindex_capture()`);
}
