import { jsonb, text, timestamp } from "drizzle-orm/pg-core";
import type { JWK } from "jose";
import { identitySchema, tz } from "./identity-schema.ts";

/**
 * Public halves of the keys replicas sign with. Each replica refreshes `lastSeenAt` of its key
 * while it runs; the JWKS publishes every key seen within one access-token lifetime (plus a
 * margin), so after a rotation the old key keeps verifying exactly until its last tokens expire,
 * across replicas and restarts. Private keys are never stored here.
 */
export const signingKeys = identitySchema.table("signing_keys", {
  kid: text().primaryKey(),
  publicJwk: jsonb().$type<JWK>().notNull(),
  firstSeenAt: timestamp(tz).notNull().defaultNow(),
  lastSeenAt: timestamp(tz).notNull().defaultNow(),
});
