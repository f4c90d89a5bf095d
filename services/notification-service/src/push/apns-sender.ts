import { type ClientHttp2Session, connect, constants } from "node:http2";
import { importPKCS8, SignJWT } from "jose";
import {
  type PushMessage,
  type PushSender,
  type PushTarget,
  retryable,
  type SendOutcome,
} from "./push-message.ts";

export interface ApnsOptions {
  /** `https://api.push.apple.com` (or the sandbox, or a local fake). */
  url: string;
  /** The `.p8` key (PKCS#8 PEM, P-256). */
  keyPem: string;
  keyId: string;
  teamId: string;
  /** Default `apns-topic` (bundle id); a device's appId overrides it. */
  topic: string;
  /** Extra TLS options for the HTTP/2 session (tests: the fake's CA). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  now?: () => number;
}

/** Provider tokens are refreshed after 50 minutes (APNs refuses ones older than an hour, and too-frequent ones). */
const TOKEN_TTL_MS = 50 * 60_000;

/**
 * APNs over HTTP/2 with a token-based (ES256 `.p8`) provider token: one session per sender, the
 * JWT `{iss: team, iat}` with `kid` reused for 50 minutes. `apns-collapse-id` is the group key, so a
 * grouped item replaces its previous push on the device. 410 or 400 BadDeviceToken/Unregistered:
 * the token is gone (pruned); 429/5xx: retried; 403 ExpiredProviderToken: token renewed, retried.
 */
export function createApnsSender(opts: ApnsOptions): PushSender & { close(): void } {
  const now = opts.now ?? Date.now;
  let session: ClientHttp2Session | undefined;
  let token: { jwt: string; at: number } | undefined;
  const keyPromise = importPKCS8(opts.keyPem, "ES256");

  const providerToken = async () => {
    if (token && now() - token.at < TOKEN_TTL_MS) return token.jwt;
    const at = now();
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: opts.keyId })
      .setIssuer(opts.teamId)
      .setIssuedAt(Math.floor(at / 1000))
      .sign(await keyPromise);
    token = { jwt, at };
    return jwt;
  };
  const sessionOf = () => {
    if (!session || session.closed || session.destroyed) {
      session = connect(opts.url, opts.tls ?? {});
      session.on("error", () => {
        session = undefined;
      });
      session.unref();
    }
    return session;
  };

  const request = (headers: Record<string, string | number>, body: string) =>
    new Promise<{ status: number; reason: string }>((resolve, reject) => {
      const req = sessionOf().request(headers);
      req.setTimeout(10_000, () => req.close(constants.NGHTTP2_CANCEL));
      let status = 0;
      let data = "";
      req.on("response", (h) => {
        status = Number(h[":status"]);
      });
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        data += chunk;
      });
      req.on("end", () => {
        let reason = "";
        try {
          reason = data ? ((JSON.parse(data) as { reason?: string }).reason ?? "") : "";
        } catch {
          // not JSON: keep the status alone
        }
        resolve({ status, reason });
      });
      req.on("error", reject);
      req.end(body);
    });

  return {
    async send(target: PushTarget, message: PushMessage): Promise<SendOutcome> {
      if (target.kind !== "apns") return "failed";
      const body = JSON.stringify({
        aps: { alert: { title: message.title, body: message.body }, "thread-id": message.collapseKey },
        ...message.data,
      });
      let res: { status: number; reason: string };
      try {
        res = await request(
          {
            ":method": "POST",
            ":path": `/3/device/${encodeURIComponent(target.token)}`,
            authorization: `bearer ${await providerToken()}`,
            "apns-topic": target.appId || opts.topic,
            "apns-push-type": "alert",
            "apns-priority": 10,
            "apns-expiration": Math.floor(now() / 1000) + message.ttlSeconds,
            // At most 64 bytes: group keys are `like:post:<uuid>` (46) and similar.
            "apns-collapse-id": message.collapseKey.slice(0, 64),
            "content-type": "application/json",
          },
          body,
        );
      } catch {
        session = undefined;
        return "retry";
      }
      if (res.status === 200) return "sent";
      if (res.status === 410 || res.reason === "BadDeviceToken" || res.reason === "Unregistered")
        return "gone";
      if (res.status === 403 && res.reason === "ExpiredProviderToken") {
        token = undefined;
        return "retry";
      }
      return retryable(res.status) ? "retry" : "failed";
    },
    close() {
      session?.close();
    },
  };
}
