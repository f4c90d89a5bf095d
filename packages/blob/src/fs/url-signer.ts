import { createHmac, timingSafeEqual } from "node:crypto";
import { PermissionDeniedError } from "@nova/errors";

/** Fields a signed URL commits to; changing any of them invalidates the signature. */
export interface SignedFields {
  method: "GET" | "PUT";
  key: string;
  /** Unix seconds. */
  expires: number;
  contentType?: string;
}

function digest(secret: string, f: SignedFields): Buffer {
  return createHmac("sha256", secret)
    .update([f.method, f.key, String(f.expires), f.contentType ?? ""].join("\n"))
    .digest();
}

/** HMAC-SHA256 over method, key, expiry and content type, base64url-encoded. */
export function signFields(secret: string, fields: SignedFields): string {
  return digest(secret, fields).toString("base64url");
}

/**
 * Throws PermissionDeniedError unless `signature` matches and the URL has not expired. Both
 * failures give the same message, so a caller cannot probe which part was wrong.
 */
export function verifyFields(
  secret: string,
  fields: SignedFields,
  signature: string,
  nowSeconds: number,
): void {
  const expected = digest(secret, fields);
  const given = Buffer.from(signature, "base64url");
  const valid = given.length === expected.length && timingSafeEqual(given, expected);
  if (!valid || !Number.isSafeInteger(fields.expires) || fields.expires < nowSeconds) {
    throw new PermissionDeniedError("signed URL is invalid or has expired");
  }
}
