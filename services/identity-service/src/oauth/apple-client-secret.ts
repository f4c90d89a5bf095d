import { readFile } from "node:fs/promises";
import { importPKCS8, SignJWT } from "jose";
import type { ClientSecretSource } from "./oauth-providers.ts";

/** Apple accepts client secrets valid up to six months; ours live an hour and are re-made. */
const LIFETIME_S = 3600;

/**
 * Sign in with Apple authenticates the client with a JWT (ES256, `kid` = key id) signed with the
 * team's private key: iss = team id, sub = client id (the Services ID), aud = Apple's issuer.
 */
export async function makeAppleClientSecret(
  source: Extract<ClientSecretSource, { kind: "apple-key" }>,
  opts: { clientId: string; audience: string; now: Date },
): Promise<string> {
  const pem = source.privateKeyPem ?? (await readFile(source.privateKeyPath as string, "utf8"));
  const key = await importPKCS8(pem, "ES256");
  const iat = Math.floor(opts.now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "ES256", kid: source.keyId })
    .setIssuer(source.teamId)
    .setSubject(opts.clientId)
    .setAudience(opts.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + LIFETIME_S)
    .sign(key);
}

/** The client secret to send to the token endpoint, if any; Apple's is cached until near expiry. */
export function createClientSecretResolver(): (
  source: ClientSecretSource,
  opts: { clientId: string; audience: string; now: Date },
) => Promise<string | undefined> {
  const cache = new Map<string, { secret: string; until: number }>();
  return async (source, opts) => {
    if (source.kind === "none") return undefined;
    if (source.kind === "static") return source.secret;
    const key = `${source.teamId}:${source.keyId}:${opts.clientId}`;
    const hit = cache.get(key);
    if (hit && hit.until > opts.now.getTime()) return hit.secret;
    const secret = await makeAppleClientSecret(source, opts);
    cache.set(key, { secret, until: opts.now.getTime() + (LIFETIME_S - 300) * 1000 });
    return secret;
  };
}
