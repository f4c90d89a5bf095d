import { bytea } from "@nova/outbox";
import { bigint, index, integer, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { realtimeChatSchema, tz } from "./chat-schema.ts";

/**
 * The delivery queue: one opaque ciphertext per recipient device, ordered by that device's
 * `deviceSeq`. Deleted when the device acknowledges it, or after the retention period.
 */
export const envelopes = realtimeChatSchema.table(
  "envelopes",
  {
    accountId: uuid().notNull(),
    deviceId: integer().notNull(),
    deviceSeq: bigint({ mode: "number" }).notNull(),
    conversationId: uuid().notNull(),
    seq: bigint({ mode: "number" }).notNull(),
    senderId: uuid().notNull(),
    senderDeviceId: integer().notNull(),
    envelopeType: integer().notNull(),
    ciphertext: bytea().notNull(),
    sentAt: timestamp(tz).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.deviceId, t.deviceSeq] }),
    index("envelopes_sent_at_idx").on(t.sentAt),
    index("envelopes_conversation_idx").on(t.conversationId),
  ],
);
