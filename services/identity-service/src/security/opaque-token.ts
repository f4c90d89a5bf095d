import { createHash, randomBytes } from "node:crypto";

/** A fresh secret for a refresh token, reset link or challenge: 256 bits, base64url. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What the database stores instead of the secret. A fast hash is right here (unlike passwords):
 * the secret is 256 random bits, so there is nothing to brute-force.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
