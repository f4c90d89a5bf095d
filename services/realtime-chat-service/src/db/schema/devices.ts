import { bytea } from "@nova/outbox";
import { bigint, integer, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { realtimeChatSchema, tz } from "./chat-schema.ts";

/**
 * One device of an account and its long-lived public keys (libsignal serializations): the identity
 * key, the current signed prekey and the last-resort Kyber prekey, each signature verified on upload.
 * `lastDeviceSeq` is the device's delivery counter: every envelope queued for it takes the next value.
 */
export const devices = realtimeChatSchema.table(
  "devices",
  {
    accountId: uuid().notNull(),
    deviceId: integer().notNull(),
    registrationId: integer().notNull(),
    identityKey: bytea().notNull(),
    signedPreKeyId: integer().notNull(),
    signedPreKey: bytea().notNull(),
    signedPreKeySignature: bytea().notNull(),
    kyberPreKeyId: integer(),
    kyberPreKey: bytea(),
    kyberPreKeySignature: bytea(),
    lastDeviceSeq: bigint({ mode: "number" }).notNull().default(0),
    createdAt: timestamp(tz).notNull().defaultNow(),
    updatedAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.deviceId] })],
);

/** One-time EC prekeys: each is handed out once, deleted by the statement that hands it out. */
export const oneTimePreKeys = realtimeChatSchema.table(
  "one_time_prekeys",
  {
    accountId: uuid().notNull(),
    deviceId: integer().notNull(),
    keyId: integer().notNull(),
    publicKey: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.deviceId, t.keyId] })],
);
