import { Counter, type Registry } from "prom-client";

/** notification-service's own metrics, registered on the service's registry. */
export interface NotificationMetrics {
  /** Consumed facts by outcome: `stored`, `duplicate`, or the refusal (self, silenced, cannot-see …). */
  decisions: Counter<"type" | "outcome">;
  /** Push attempts' final outcomes per platform (apns, fcm, webpush; `any` for capped). */
  pushes: Counter<"platform" | "outcome">;
}

export function createNotificationMetrics(registry: Registry): NotificationMetrics {
  return {
    decisions: new Counter({
      name: "notification_decisions_total",
      help: "Notification facts consumed, by type and outcome (stored, duplicate, or why refused)",
      labelNames: ["type", "outcome"],
      registers: [registry],
    }),
    pushes: new Counter({
      name: "notification_push_sends_total",
      help: "Push deliveries by platform and final outcome (sent, gone = pruned, failed, retry = gave up, capped)",
      labelNames: ["platform", "outcome"],
      registers: [registry],
    }),
  };
}
