import { createHmac, timingSafeEqual } from "node:crypto";
import { PermissionDeniedError } from "@nova/errors";

/** Fields a signed URL commits to; changing any of them invalidates the signature. */
export interface SignedFields {
  method: "GET" | "PUT";
  key: string;
  /** Unix seconds. */
  expires: number;
  contentType?: string;
  /** Set on a multipart part URL: the URL uploads this one part, not the object. */
  part?: { uploadId: string; partNumber: number };
}

function digest(secret: string, f: SignedFields): Buffer {
  return createHmac("sha256", secret)
    .update(
      [
        f.method,
        f.key,
        String(f.expires),
        f.contentType ?? "",
        // Only part URLs carry these lines, so an object URL and a part URL never share a signature.
        ...(f.part ? [f.part.uploadId, String(f.part.partNumber)] : []),
      ].join("\n"),
    )
    .digest();
}

/** HMAC-SHA256 over method, key, expiry, content type (and part), base64url-encoded. */
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
