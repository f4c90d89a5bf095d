import { asc, eq, sql } from "drizzle-orm";
import { pgSchema, serial, text, timestamp } from "drizzle-orm/pg-core";
import type { Database } from "../database.ts";

/** `<schema>.__migrations`: one row per applied migration; lives in the schema it describes. */
export function migrationsTable(schema: string) {
  return pgSchema(schema).table("__migrations", {
    id: serial("id").primaryKey(),
    tag: text("tag").notNull().unique(),
    hash: text("hash").notNull(),
    appliedAt: timestamp("applied_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  });
}

export interface AppliedMigration {
  tag: string;
  hash: string;
  appliedAt: Date;
}

/** Creates the schema and its `__migrations` table when missing (idempotent). */
export async function ensureMigrationsTable(db: Database, schema: string): Promise<void> {
  await db.execute(sql`create schema if not exists ${sql.identifier(schema)}`);
  await db.execute(sql`
    create table if not exists ${sql.identifier(schema)}."__migrations" (
      id serial primary key,
      tag text not null unique,
      hash text not null,
      applied_at timestamptz not null default now()
    )`);
}

/** Whether `<schema>.__migrations` exists; a dropped schema takes it along. */
export async function migrationsTableExists(db: Database, schema: string): Promise<boolean> {
  const rows = await db
    .select({ found: sql<boolean>`to_regclass(${`${quoteIdent(schema)}."__migrations"`}) is not null` })
    .from(sql`(select 1) as probe`);
  return rows[0]?.found === true;
}

/** Applied migrations in the order they were applied; empty when the table does not exist yet. */
export async function readAppliedMigrations(db: Database, schema: string): Promise<AppliedMigration[]> {
  if (!(await migrationsTableExists(db, schema))) return [];
  const table = migrationsTable(schema);
  return db
    .select({ tag: table.tag, hash: table.hash, appliedAt: table.appliedAt })
    .from(table)
    .orderBy(asc(table.id));
}

export async function recordMigration(
  db: Database,
  schema: string,
  tag: string,
  hash: string,
): Promise<void> {
  await db.insert(migrationsTable(schema)).values({ tag, hash });
}

export async function forgetMigration(db: Database, schema: string, tag: string): Promise<void> {
  const table = migrationsTable(schema);
  await db.delete(table).where(eq(table.tag, tag));
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
