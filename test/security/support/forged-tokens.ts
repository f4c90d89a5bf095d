/**
 * Access tokens an attacker would try: unsigned (alg=none), HS256 keyed with the public key
 * (algorithm confusion), signed by a key of their own, and — signed by the real key the system
 * generated under its data dir — expired or carrying the wrong issuer, audience or type.
 */
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";

const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

/** The header and claims of a real token, to copy into a forged one. */
export function decode(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [h, c] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(h ?? "", "base64url").toString()),
    claims: JSON.parse(Buffer.from(c ?? "", "base64url").toString()),
  };
}

function rs256(header: Record<string, unknown>, claims: Record<string, unknown>, pem: string): string {
  const input = `${b64({ ...header, alg: "RS256" })}.${b64(claims)}`;
  const sig = sign("sha256", Buffer.from(input), createPrivateKey(pem)).toString("base64url");
  return `${input}.${sig}`;
}

/** Every forged variant of `model` (a real token of the member to impersonate), by name. */
export function forgedTokens(model: string, realKeyPem: string): Record<string, string> {
  const { header, claims } = decode(model);
  const now = Math.floor(Date.now() / 1000);
  const fresh = { ...claims, iat: now, exp: now + 600 };
  const publicPem = createPublicKey(createPrivateKey(realKeyPem)).export({ type: "spki", format: "pem" });
  const confusionInput = `${b64({ ...header, alg: "HS256" })}.${b64(fresh)}`;
  const foreign = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs8",
    format: "pem",
  }) as string;
  return {
    "alg=none": `${b64({ ...header, alg: "none" })}.${b64(fresh)}.`,
    "HS256 keyed with the public key": `${confusionInput}.${createHmac("sha256", publicPem).update(confusionInput).digest("base64url")}`,
    "signed by a foreign key (real kid)": rs256(header, fresh, foreign),
    "signed by a foreign key (own kid)": rs256({ ...header, kid: "attacker-key" }, fresh, foreign),
    expired: rs256(header, { ...claims, iat: now - 3600, exp: now - 1800 }, realKeyPem),
    "wrong issuer": rs256(header, { ...fresh, iss: "https://evil.example" }, realKeyPem),
    "wrong audience": rs256(header, { ...fresh, aud: "another-api" }, realKeyPem),
    "wrong type (typ JWT, not at+jwt)": rs256({ ...header, typ: "JWT" }, fresh, realKeyPem),
    "subject swapped after signing": `${b64(header)}.${b64({ ...claims, sub: "00000000-0000-7000-8000-000000000000" })}.${model.split(".")[2]}`,
  };
}
