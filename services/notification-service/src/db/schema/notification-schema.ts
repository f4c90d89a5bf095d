import { pgSchema } from "drizzle-orm/pg-core";

/** Every table of notification-service lives in this schema; no other service reads it. */
export const notificationSchema = pgSchema("notification_service");
