import { sql } from "drizzle-orm";
import type { Database } from "../database.ts";
import { MigrationError } from "./migration-error.ts";

/**
 * drizzle-kit's first migration says `CREATE SCHEMA "x";`, but the migrator has already created
 * the schema to hold `__migrations`; run that one statement as `IF NOT EXISTS` instead of failing.
 * The file (and its hash) stay as drizzle-kit wrote them.
 */
export function adoptOwnSchema(statement: string, schema: string): string {
  const own = new RegExp(
    `^CREATE\\s+SCHEMA\\s+("${escapeRegExp(schema)}"|${escapeRegExp(schema)})\\s*;?$`,
    "i",
  );
  return own.test(statement.trim()) ? `CREATE SCHEMA IF NOT EXISTS "${schema}";` : statement;
}

/** Runs statement `index` of `file`, naming both in the error when PostgreSQL rejects it. */
export async function runStatement(
  tx: Database,
  statement: string,
  where: { schema: string; file: string; index: number },
): Promise<void> {
  try {
    await tx.execute(sql.raw(adoptOwnSchema(statement, where.schema)));
  } catch (error) {
    const reason = (error as Error).message;
    throw new MigrationError(
      `${where.file} (schema ${where.schema}), statement ${where.index + 1} failed: ${reason}\n  ${statement.slice(0, 300)}`,
      { cause: error },
    );
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
