import { importPKCS8, SignJWT } from "jose";
import {
  type PushMessage,
  type PushSender,
  type PushTarget,
  retryable,
  type SendOutcome,
} from "./push-message.ts";

/** The fields of a Google service-account key file that the OAuth2 JWT-bearer grant needs. */
export interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  token_uri: string;
}

export interface FcmOptions {
  /** `https://fcm.googleapis.com` (or a local fake). */
  url: string;
  account: ServiceAccount;
  fetch?: typeof fetch;
  now?: () => number;
}

const SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

/**
 * FCM HTTP v1: an OAuth2 access token from the service account (RFC 7523 JWT-bearer grant, RS256
 * assertion `{iss: client_email, scope, aud: token_uri}`), kept until a minute before it expires,
 * then `POST /v1/projects/{id}/messages:send`. The collapse key is the group key. 404 / error code
 * UNREGISTERED: the token is gone (pruned); 401: token renewed and retried; 429/5xx: retried.
 */
export function createFcmSender(opts: FcmOptions): PushSender {
  const send = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const keyPromise = importPKCS8(opts.account.private_key, "RS256");
  let access: { token: string; until: number } | undefined;

  const accessToken = async () => {
    if (access && now() < access.until) return access.token;
    const iat = Math.floor(now() / 1000);
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setIssuer(opts.account.client_email)
      .setAudience(opts.account.token_uri)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(await keyPromise);
    const res = await send(opts.account.token_uri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`FCM token exchange failed: ${res.status}`);
    const json = (await res.json()) as { access_token: string; expires_in?: number };
    access = { token: json.access_token, until: now() + ((json.expires_in ?? 3600) - 60) * 1000 };
    return access.token;
  };

  return {
    async send(target: PushTarget, message: PushMessage): Promise<SendOutcome> {
      if (target.kind !== "fcm") return "failed";
      let res: Response;
      try {
        res = await send(
          `${opts.url}/v1/projects/${encodeURIComponent(opts.account.project_id)}/messages:send`,
          {
            method: "POST",
            headers: { authorization: `Bearer ${await accessToken()}`, "content-type": "application/json" },
            body: JSON.stringify({
              message: {
                token: target.token,
                notification: { title: message.title, body: message.body },
                data: { type: message.type, ...message.data },
                android: { collapse_key: message.collapseKey, ttl: `${message.ttlSeconds}s` },
                apns: { headers: { "apns-collapse-id": message.collapseKey.slice(0, 64) } },
              },
            }),
            signal: AbortSignal.timeout(10_000),
          },
        );
      } catch {
        return "retry";
      }
      if (res.ok) {
        await res.body?.cancel();
        return "sent";
      }
      const text = await res.text();
      if (res.status === 404 || text.includes("UNREGISTERED")) return "gone";
      if (res.status === 401) {
        access = undefined;
        return "retry";
      }
      return retryable(res.status) ? "retry" : "failed";
    },
  };
}
