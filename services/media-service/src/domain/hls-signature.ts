import { createHmac, timingSafeEqual } from "node:crypto";
import { PermissionDeniedError } from "@nova/errors";

function digest(secret: string, mediaId: string, file: string, expires: number): Buffer {
  return createHmac("sha256", secret).update(`hls\n${mediaId}\n${file}\n${expires}`).digest();
}

/** Query string that lets anyone read one HLS playlist of one media object until `expires` (unix s). */
export function signHlsQuery(secret: string, mediaId: string, file: string, expires: number): string {
  const signature = digest(secret, mediaId, file, expires).toString("base64url");
  return new URLSearchParams({ expires: String(expires), signature }).toString();
}

/** Throws PermissionDeniedError (403) for a tampered, foreign or expired playlist URL. */
export function verifyHlsQuery(
  secret: string,
  mediaId: string,
  file: string,
  query: { expires?: string | undefined; signature?: string | undefined },
  nowSeconds: number,
): void {
  const expires = Number(query.expires);
  const expected = digest(secret, mediaId, file, expires);
  const given = Buffer.from(query.signature ?? "", "base64url");
  const valid = given.length === expected.length && timingSafeEqual(given, expected);
  if (!valid || !Number.isSafeInteger(expires) || expires < nowSeconds) {
    throw new PermissionDeniedError("signed URL is invalid or has expired");
  }
}
