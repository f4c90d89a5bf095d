import { index, jsonb, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { PushMessage } from "../../push/push-message.ts";
import { notificationSchema } from "./notification-schema.ts";

const tz = { withTimezone: true, mode: "date" } as const;

export const DEVICE_PLATFORMS = ["apns", "fcm"] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];

/** A native app install (APNs device token or FCM registration token). A token belongs to one account. */
export const pushDevices = notificationSchema.table(
  "push_devices",
  {
    id: uuid().primaryKey(),
    accountId: uuid().notNull(),
    platform: text({ enum: DEVICE_PLATFORMS }).notNull(),
    token: text().notNull(),
    /** APNs topic (bundle id) override; empty: the configured one. */
    appId: text(),
    createdAt: timestamp(tz).notNull(),
  },
  (t) => [
    uniqueIndex("push_devices_token_idx").on(t.platform, t.token),
    index("push_devices_account_idx").on(t.accountId),
  ],
);

/** A browser's Web Push subscription (RFC 8030 endpoint + RFC 8291 keys). */
export const pushSubscriptions = notificationSchema.table(
  "push_subscriptions",
  {
    id: uuid().primaryKey(),
    accountId: uuid().notNull(),
    endpoint: text().notNull(),
    p256dh: text().notNull(),
    auth: text().notNull(),
    createdAt: timestamp(tz).notNull(),
  },
  (t) => [
    uniqueIndex("push_subscriptions_endpoint_idx").on(t.endpoint),
    index("push_subscriptions_account_idx").on(t.accountId),
  ],
);

/** Pushes held during the recipient's quiet hours, sent when they end. */
export const heldPushes = notificationSchema.table(
  "held_pushes",
  {
    id: uuid().primaryKey(),
    accountId: uuid().notNull(),
    /** The push as it would have gone out (no post content: see push-message.ts). */
    message: jsonb().$type<PushMessage>().notNull(),
    releaseAt: timestamp(tz).notNull(),
  },
  (t) => [index("held_pushes_release_idx").on(t.releaseAt), index("held_pushes_account_idx").on(t.accountId)],
);
