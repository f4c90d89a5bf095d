import { sql } from "drizzle-orm";
import type { Database } from "../src/index.ts";

// Catalog probes written with the query builder so both drivers return the same shape.

export async function schemaExists(db: Database, schema: string): Promise<boolean> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sql`information_schema.schemata`)
    .where(sql`schema_name = ${schema}`);
  return rows[0]?.n === 1;
}

export async function columnNames(db: Database, schema: string, table: string): Promise<string[]> {
  const rows = await db
    .select({ name: sql<string>`column_name` })
    .from(sql`information_schema.columns`)
    .where(sql`table_schema = ${schema} and table_name = ${table}`)
    .orderBy(sql`ordinal_position`);
  return rows.map((r) => r.name);
}
