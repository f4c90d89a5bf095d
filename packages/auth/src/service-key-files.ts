import { createPrivateKey, createPublicKey } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { createServiceIdentity, type ServiceIdentity } from "./service-identity.ts";
import type { ServiceSigningKey } from "./service-token.ts";
import { keyId, parseTrustBundle, type TrustBundle } from "./trust-bundle.ts";

/** Where a service's identity lives on disk (secrets mounted as files in production). */
export interface ServiceKeyPaths {
  /** PKCS#8 PEM Ed25519 private key of this service (SERVICE_KEY_PATH). */
  keyPath: string;
  /** JSON trust bundle: public keys per service (SERVICE_TRUST_BUNDLE_PATH). */
  trustBundlePath: string;
}

function readText(label: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read ${label} at ${path}: ${(err as Error).message}`);
  }
}

/** Reads and checks a signing key file: an Ed25519 private key, its kid the public key's thumbprint. */
export function readServiceSigningKey(path: string): ServiceSigningKey {
  const pem = readText("service signing key", path);
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(pem);
  } catch (err) {
    throw new Error(`service signing key at ${path} is not a PEM private key: ${(err as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== "ed25519")
    throw new Error(`service signing key at ${path} must be Ed25519 (got ${privateKey.asymmetricKeyType})`);
  return { privateKey, kid: keyId(createPublicKey(privateKey)) };
}

function stamp(paths: readonly string[]): string {
  return paths
    .map((p) => {
      try {
        const s = statSync(p);
        return `${s.mtimeMs}:${s.size}:${s.ino}`;
      } catch {
        return "missing";
      }
    })
    .join("|");
}

/**
 * The identity of `service` from its key and trust bundle files, re-read when they change (polled
 * every `pollIntervalMs`, default 5 s, like the TLS files: secret managers swap files by rename or
 * symlink, which watch handles miss). A rotation needs no restart; a half-written set keeps the
 * previous material. Missing or malformed files at start are an error naming the path.
 */
export function loadServiceIdentityFromFiles(
  service: string,
  paths: ServiceKeyPaths,
  opts: { pollIntervalMs?: number; clock?: () => Date; tokenTtlMs?: number } = {},
): ServiceIdentity & { reload(): boolean } {
  const files = [paths.keyPath, paths.trustBundlePath];
  let key = readServiceSigningKey(paths.keyPath);
  let bundle: TrustBundle = parseTrustBundle(readText("trust bundle", paths.trustBundlePath));
  let seen = stamp(files);
  const reload = () => {
    const now = stamp(files);
    if (now === seen) return false;
    try {
      const nextKey = readServiceSigningKey(paths.keyPath);
      const nextBundle = parseTrustBundle(readText("trust bundle", paths.trustBundlePath));
      key = nextKey;
      bundle = nextBundle;
    } catch {
      return false;
    }
    seen = now;
    return true;
  };
  const timer = setInterval(reload, opts.pollIntervalMs ?? 5_000);
  timer.unref?.();
  const identity = createServiceIdentity({
    service,
    signingKey: () => key,
    trustBundle: () => bundle,
    clock: opts.clock,
    tokenTtlMs: opts.tokenTtlMs,
    onClose: () => clearInterval(timer),
  });
  return Object.assign(identity, { reload });
}
