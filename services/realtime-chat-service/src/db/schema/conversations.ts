import { bigint, index, integer, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { realtimeChatSchema, tz } from "./chat-schema.ts";

export const CONVERSATION_KINDS = ["direct", "group"] as const;
export const MEMBER_ROLES = ["owner", "admin", "member"] as const;
/** active: in the inbox; request: in the requests folder until accepted; declined/left/removed: gone. */
export const MEMBER_STATES = ["active", "request", "declined", "left", "removed"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type MemberState = (typeof MEMBER_STATES)[number];

/**
 * A conversation: its metadata only (no message content is ever stored here). `directKey` (the two
 * account ids sorted, joined) makes a direct conversation unique per pair; `lastSeq` orders messages.
 */
export const conversations = realtimeChatSchema.table(
  "conversations",
  {
    id: uuid().primaryKey(),
    kind: text({ enum: CONVERSATION_KINDS }).notNull(),
    title: text(),
    directKey: text(),
    createdBy: uuid().notNull(),
    lastSeq: bigint({ mode: "number" }).notNull().default(0),
    createdAt: timestamp(tz).notNull().defaultNow(),
    lastActivityAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("conversations_direct_key_idx").on(t.directKey)],
);

export const members = realtimeChatSchema.table(
  "members",
  {
    conversationId: uuid().notNull(),
    accountId: uuid().notNull(),
    role: text({ enum: MEMBER_ROLES }).notNull(),
    state: text({ enum: MEMBER_STATES }).notNull(),
    /** The last conversation seq this member has read (unread = lastSeq − readSeq, own messages aside). */
    readSeq: bigint({ mode: "number" }).notNull().default(0),
    joinedAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.accountId] }),
    index("members_account_idx").on(t.accountId, t.state),
  ],
);

/**
 * One sent message, for idempotency and ordering only: who sent it, its seq, its client id. No
 * content: the ciphertexts are in `envelopes`, one per recipient device.
 */
export const messages = realtimeChatSchema.table(
  "messages",
  {
    conversationId: uuid().notNull(),
    seq: bigint({ mode: "number" }).notNull(),
    senderId: uuid().notNull(),
    senderDeviceId: integer().notNull(),
    clientMessageId: text().notNull(),
    sentAt: timestamp(tz).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.seq] }),
    uniqueIndex("messages_client_id_idx").on(t.conversationId, t.senderId, t.clientMessageId),
    index("messages_sent_at_idx").on(t.sentAt),
  ],
);
