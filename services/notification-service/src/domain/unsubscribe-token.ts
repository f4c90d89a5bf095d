import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError } from "@nova/errors";
import { allowsLoopbackPush, type ServiceConfig } from "../config.ts";

const PURPOSE = "nova-digest-unsubscribe:";

/** The unsubscribe key: NOTIFICATION_UNSUBSCRIBE_KEY, required in production and staging; dev: kept under NOVA_DATA_DIR. */
export function unsubscribeKeyOf(config: ServiceConfig): string {
  if (config.extra.NOTIFICATION_UNSUBSCRIBE_KEY) return config.extra.NOTIFICATION_UNSUBSCRIBE_KEY;
  if (!allowsLoopbackPush(config))
    throw new Error("NOTIFICATION_UNSUBSCRIBE_KEY is required in production and staging");
  const dir = join(config.dataDir, "notification-service");
  const file = join(dir, "unsubscribe.key");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    const key = randomBytes(32).toString("base64url");
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, key, { mode: 0o600 });
    return key;
  }
}

const mac = (key: string, accountId: string) =>
  createHmac("sha256", key)
    .update(PURPOSE + accountId)
    .digest("base64url");

/** `<accountId>.<HMAC>`: lets the link's holder turn that account's digests off, and nothing else. */
export const signUnsubscribe = (key: string, accountId: string) => `${accountId}.${mac(key, accountId)}`;

/** The account a token was signed for; InvalidArgumentError (400) for anything else. */
export function verifyUnsubscribe(key: string, token: string): string {
  const [accountId = "", given = ""] = token.split(".");
  const expected = Buffer.from(mac(key, accountId));
  const actual = Buffer.from(given);
  if (
    !/^[0-9a-f-]{36}$/.test(accountId) ||
    actual.length !== expected.length ||
    !timingSafeEqual(actual, expected)
  )
    throw new InvalidArgumentError("token is invalid", [
      { field: "token", message: "not an unsubscribe link of Nova" },
    ]);
  return accountId;
}
