import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import webpush from "web-push";
import { allowsLoopbackPush, type ServiceConfig } from "../config.ts";
import { createApnsSender } from "./apns-sender.ts";
import { createFcmSender, type ServiceAccount } from "./fcm-sender.ts";
import type { PushSender, PushTarget } from "./push-message.ts";
import { createWebPushSender, type VapidKeys } from "./web-push-sender.ts";

export type PushSenders = Partial<Record<PushTarget["kind"], PushSender>>;

/**
 * The VAPID key pair: from WEB_PUSH_VAPID_* when set (required in production and staging), else
 * made once and kept in `<NOVA_DATA_DIR>/notification-service/vapid.json` so browser subscriptions
 * survive restarts of the embedded default.
 */
export function vapidKeysOf(config: ServiceConfig): VapidKeys {
  const { extra } = config;
  const subject = extra.WEB_PUSH_VAPID_SUBJECT;
  if (extra.WEB_PUSH_VAPID_PUBLIC_KEY && extra.WEB_PUSH_VAPID_PRIVATE_KEY) {
    return {
      publicKey: extra.WEB_PUSH_VAPID_PUBLIC_KEY,
      privateKey: extra.WEB_PUSH_VAPID_PRIVATE_KEY,
      subject,
    };
  }
  if (!allowsLoopbackPush(config)) {
    throw new Error(
      "WEB_PUSH_VAPID_PUBLIC_KEY and WEB_PUSH_VAPID_PRIVATE_KEY are required in production and staging",
    );
  }
  const dir = join(config.dataDir, "notification-service");
  const file = join(dir, "vapid.json");
  try {
    const kept = JSON.parse(readFileSync(file, "utf8")) as { publicKey: string; privateKey: string };
    return { ...kept, subject };
  } catch {
    const made = webpush.generateVAPIDKeys();
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(made), { mode: 0o600 });
    return { ...made, subject };
  }
}

/** The senders this deployment is configured for: Web Push always; APNs and FCM when their keys are set. */
export function createPushSenders(
  config: ServiceConfig,
  vapid: VapidKeys,
): { senders: PushSenders; close(): void } {
  const { extra } = config;
  const senders: PushSenders = {
    webpush: createWebPushSender({ vapid, allowLoopback: allowsLoopbackPush(config) }),
  };
  let closeApns = () => {};
  if (extra.APNS_KEY_PATH && extra.APNS_KEY_ID && extra.APNS_TEAM_ID && extra.APNS_TOPIC) {
    const apns = createApnsSender({
      url: extra.APNS_URL,
      keyPem: readFileSync(extra.APNS_KEY_PATH, "utf8"),
      keyId: extra.APNS_KEY_ID,
      teamId: extra.APNS_TEAM_ID,
      topic: extra.APNS_TOPIC,
    });
    senders.apns = apns;
    closeApns = () => apns.close();
  }
  if (extra.FCM_SERVICE_ACCOUNT_PATH) {
    const account = JSON.parse(readFileSync(extra.FCM_SERVICE_ACCOUNT_PATH, "utf8")) as ServiceAccount;
    senders.fcm = createFcmSender({ url: extra.FCM_URL, account });
  }
  return { senders, close: () => closeApns() };
}
