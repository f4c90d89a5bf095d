/** What one push says, whatever the protocol. Never post text; with previews off, not even who. */
export interface PushMessage {
  /** The notification type (`like`, `follow`, `message`, …). */
  type: string;
  title: string;
  body: string;
  /** Same key → the device shows the latest one only (grouped items: the group key). */
  collapseKey: string;
  /** Small string map for the app (groupKey, notificationId, actorCount …). */
  data: Record<string, string>;
  /** Seconds the push service may hold the message for an offline device. */
  ttlSeconds: number;
}

/** What a delivery attempt learned. `gone`: the token/subscription is dead and is pruned. */
export type SendOutcome = "sent" | "gone" | "retry" | "failed";

export interface WebPushTarget {
  kind: "webpush";
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}
export interface DeviceTarget {
  kind: "apns" | "fcm";
  id: string;
  token: string;
  appId: string | null;
}
export type PushTarget = WebPushTarget | DeviceTarget;

export interface PushSender {
  send(target: PushTarget, message: PushMessage): Promise<SendOutcome>;
}

/** HTTP statuses worth another attempt (throttled, or the push service failing). */
export const retryable = (status: number) => status === 429 || status >= 500;
