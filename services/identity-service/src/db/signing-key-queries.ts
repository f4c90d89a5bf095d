import type { Database } from "@nova/db";
import { desc, gt } from "drizzle-orm";
import type { JWK } from "jose";
import { signingKeys } from "./schema/index.ts";

/** Records (or refreshes) a key's last use. */
export async function touchSigningKey(db: Database, kid: string, publicJwk: JWK, at: Date): Promise<void> {
  await db
    .insert(signingKeys)
    .values({ kid, publicJwk, firstSeenAt: at, lastSeenAt: at })
    .onConflictDoUpdate({ target: signingKeys.kid, set: { lastSeenAt: at } });
}

/** Public keys used since `since`, newest first. */
export async function publishedSigningKeys(db: Database, since: Date): Promise<JWK[]> {
  const rows = await db
    .select({ jwk: signingKeys.publicJwk })
    .from(signingKeys)
    .where(gt(signingKeys.lastSeenAt, since))
    .orderBy(desc(signingKeys.lastSeenAt));
  return rows.map((r) => r.jwk);
}
