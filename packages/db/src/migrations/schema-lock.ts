import { sql } from "drizzle-orm";
import type { Database } from "../database.ts";

/**
 * The advisory-lock key for migrating `schema`: the first 8 bytes of sha256("nova.migrate:" +
 * schema) as a signed bigint, so every replica and the CLI agree without a shared registry.
 */
export function schemaLockKey(schema: string): bigint {
  const digest = new Bun.CryptoHasher("sha256").update(`nova.migrate:${schema}`).digest();
  return new DataView(digest.buffer, digest.byteOffset, 8).getBigInt64(0);
}

/**
 * Takes the schema's migration lock for the rest of the transaction `tx`. A transaction-level lock
 * is used (not a session lock) because a pooled `db` gives no guarantee that lock and unlock run on
 * the same connection; it is released by commit or rollback, never leaked. On PGlite (one session)
 * it always succeeds at once, and PGlite's own transaction mutex does the serialising.
 */
export async function lockSchemaForMigration(tx: Database, schema: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${schemaLockKey(schema).toString()}::bigint)`);
}
