export { digests } from "./digests.ts";
export { notificationSchema } from "./notification-schema.ts";
export {
  NOTIFICATION_TYPES,
  type NotificationRow,
  type NotificationType,
  notifications,
} from "./notifications.ts";
export { preferences } from "./preferences.ts";
export { processedEvents } from "./processed-events.ts";
export {
  DEVICE_PLATFORMS,
  type DevicePlatform,
  heldPushes,
  pushDevices,
  pushSubscriptions,
} from "./push-targets.ts";
export { readMarkers } from "./read-markers.ts";
