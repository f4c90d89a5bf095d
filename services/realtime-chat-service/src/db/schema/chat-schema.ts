import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of realtime-chat-service lives in this schema; no other service reads it. */
export const realtimeChatSchema = pgSchema("realtime_chat_service");

export const tz = { withTimezone: true, mode: "date" } as const;
