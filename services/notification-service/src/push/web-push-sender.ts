import { createHash } from "node:crypto";
import webpush from "web-push";
import { assertPushableEndpoint } from "./endpoint-guard.ts";
import {
  type PushMessage,
  type PushSender,
  type PushTarget,
  retryable,
  type SendOutcome,
} from "./push-message.ts";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** RFC 8030 `Topic` (≤32 base64url chars): the collapse key, hashed. */
const topicOf = (key: string) => createHash("sha256").update(key).digest("base64url").slice(0, 32);

/**
 * Web Push (RFC 8030) with an RFC 8291 `aes128gcm` payload and an RFC 8292 VAPID `Authorization`
 * (web-push builds both). The request is sent here with fetch, never following a redirect, after
 * the endpoint is checked again (public https; loopback only in the embedded default). 404/410:
 * the subscription is gone (pruned); 429/5xx: retried.
 */
export function createWebPushSender(opts: {
  vapid: VapidKeys;
  allowLoopback: boolean;
  fetch?: typeof fetch;
}): PushSender {
  const send = opts.fetch ?? fetch;
  return {
    async send(target: PushTarget, message: PushMessage): Promise<SendOutcome> {
      if (target.kind !== "webpush") return "failed";
      try {
        await assertPushableEndpoint(target.endpoint, { allowLoopback: opts.allowLoopback });
      } catch {
        return "gone";
      }
      const payload = JSON.stringify({
        type: message.type,
        title: message.title,
        body: message.body,
        data: message.data,
      });
      const details = webpush.generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        {
          vapidDetails: opts.vapid,
          TTL: message.ttlSeconds,
          contentEncoding: "aes128gcm",
          urgency: "normal",
          topic: topicOf(message.collapseKey),
        },
      );
      let res: Response;
      try {
        res = await send(details.endpoint, {
          method: "POST",
          headers: details.headers as Record<string, string>,
          body: details.body ? new Uint8Array(details.body) : null,
          redirect: "manual",
          signal: AbortSignal.timeout(10_000),
        });
      } catch {
        return "retry";
      }
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) return "sent";
      if (res.status === 404 || res.status === 410) return "gone";
      return retryable(res.status) ? "retry" : "failed";
    },
  };
}
