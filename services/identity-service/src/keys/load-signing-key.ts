import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BaseConfig } from "@nova/config";
import { exportPKCS8, generateKeyPair, importPKCS8, importSPKI } from "jose";
import { type SigningKey, toSigningKey } from "./signing-key.ts";

/** A signing key from a PKCS#8 private PEM (and optionally its SPKI public PEM). */
export async function signingKeyFromPem(
  privatePem: string,
  publicPem: string | undefined,
): Promise<SigningKey> {
  const privateKey = await importPKCS8(privatePem, "RS256", { extractable: true });
  // The public half is derived from the private key when not given (a JWK export of the private
  // key without its private members is the public key).
  const publicKey = publicPem
    ? await importSPKI(publicPem, "RS256", { extractable: true })
    : await derivePublic(privatePem);
  return toSigningKey(privateKey, publicKey);
}

async function derivePublic(privatePem: string) {
  const { createPublicKey } = await import("node:crypto");
  const spki = createPublicKey(privatePem).export({ type: "spki", format: "pem" }).toString();
  return importSPKI(spki, "RS256", { extractable: true });
}

/** Path of the embedded default's active private key. */
export function embeddedKeyPath(dataDir: string): string {
  return join(dataDir, "keys", "jwt-signing.pem");
}

/** Generates a 2048-bit RSA key and writes it (0600) to `path`, replacing any previous one. */
export async function generateKeyFile(path: string): Promise<void> {
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  await mkdir(join(path, ".."), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, await exportPKCS8(privateKey), { mode: 0o600 });
  await rename(tmp, path);
}

/**
 * The guide's variables first (JWT_PRIVATE_KEY_PEM or JWT_PRIVATE_KEY_PATH, with the public pair
 * optional); otherwise the embedded default's key under `<NOVA_DATA_DIR>/keys/`, generated on
 * first start. Production must configure a key: a generated one would differ per replica.
 */
export async function loadSigningKey(config: BaseConfig): Promise<SigningKey> {
  const { jwt } = config;
  const privatePem =
    jwt.privateKeyPem ?? (jwt.privateKeyPath ? await readFile(jwt.privateKeyPath, "utf8") : undefined);
  const publicPem =
    jwt.publicKeyPem ?? (jwt.publicKeyPath ? await readFile(jwt.publicKeyPath, "utf8") : undefined);
  if (privatePem) return signingKeyFromPem(privatePem, publicPem);
  if (config.service.env === "production" || config.service.env === "staging")
    throw new Error("JWT_PRIVATE_KEY_PEM or JWT_PRIVATE_KEY_PATH must be set in production and staging");
  const path = embeddedKeyPath(config.dataDir);
  if (!existsSync(path)) await generateKeyFile(path);
  return signingKeyFromPem(await readFile(path, "utf8"), undefined);
}
