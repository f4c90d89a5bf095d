import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import type { KeyStore } from "../keys/create-key-store.ts";

/**
 * JOSE `typ` and audience of device tokens: never `at+jwt` / `nova-api`, so no service accepts one
 * as an access token although identity's key signs both.
 */
const DEVICE_TYP = "nova-device+jwt";
const DEVICE_AUDIENCE = "nova-identity/device";
const ISSUER = "nova-identity";
/** A device stays "known" this long after its last login. */
export const DEVICE_TOKEN_TTL_MS = 365 * 24 * 3_600_000;

/** A device an account has logged in from: the proof a client keeps and sends with its next login. */
export interface KnownDevice {
  accountId: string;
  deviceId: string;
}

/**
 * Issues the device token handed out with every new session: a JWT (subject = account, `jti` =
 * device id) signed with identity's current key. Stateless: nothing is stored.
 */
export async function issueDeviceToken(keys: KeyStore, device: KnownDevice, now: Date): Promise<string> {
  const key = keys.current();
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256", typ: DEVICE_TYP, kid: key.kid })
    .setIssuer(ISSUER)
    .setAudience(DEVICE_AUDIENCE)
    .setSubject(device.accountId)
    .setJti(device.deviceId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + DEVICE_TOKEN_TTL_MS / 1000)
    .sign(key.privateKey);
}

/**
 * The device a token names, or undefined for anything else (absent, forged, expired, or signed by a
 * key that has left the JWKS since — such a device is simply unknown again until its next login).
 */
export async function verifyDeviceToken(
  keys: KeyStore,
  token: string | undefined,
  now: Date,
): Promise<KnownDevice | undefined> {
  if (!token || token.length > 4096) return undefined;
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(await keys.jwks()), {
      typ: DEVICE_TYP,
      audience: DEVICE_AUDIENCE,
      issuer: ISSUER,
      algorithms: ["RS256"],
      currentDate: now,
    });
    if (typeof payload.sub !== "string" || typeof payload.jti !== "string") return undefined;
    return { accountId: payload.sub, deviceId: payload.jti };
  } catch {
    return undefined;
  }
}
