import { execFileSync } from "node:child_process";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { trustBundleJson } from "@nova/auth";

/** Files of one service in the dev PKI. */
export interface DevServicePaths {
  /** Ed25519 signing key of its service tokens (what SERVICE_KEY_PATH names in production). */
  keyPath: string;
  /** The bundle of every service's public key (SERVICE_TRUST_BUNDLE_PATH). */
  trustBundlePath: string;
  /** TLS certificate (CN = the service; SAN localhost, 127.0.0.1) and key, signed by the dev CA: for GRPC_TLS_*. */
  tlsCertPath: string;
  tlsKeyPath: string;
  caPath: string;
}

/** Where a service's files sit under a dev PKI directory. */
export function devServicePaths(dir: string, service: string): DevServicePaths {
  const own = join(dir, "services", service);
  return {
    keyPath: join(own, "signing-key.pem"),
    trustBundlePath: join(dir, "trust-bundle.json"),
    tlsCertPath: join(own, "tls.crt"),
    tlsKeyPath: join(own, "tls.key"),
    caPath: join(dir, "ca.crt"),
  };
}

function hasOpenssl(openssl: string): boolean {
  try {
    execFileSync(openssl, ["version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

/** Written instead of the TLS files when `openssl` is missing (slim container images). */
export const NO_TLS_NOTE = "NO-TLS.txt";

function writeTls(dir: string, services: readonly string[], command: string): void {
  const openssl = (...args: string[]) => execFileSync(command, args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "3650",
    "-subj",
    "/CN=nova-dev-ca",
  );
  for (const service of services) {
    const p = devServicePaths(dir, service);
    const csr = join(dirname(p.tlsCertPath), "tls.csr");
    const ext = join(dirname(p.tlsCertPath), "tls.ext");
    // One certificate per service, good as server and as client: its CN is the service's identity.
    writeFileSync(
      ext,
      `subjectAltName=DNS:${service},DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n`,
    );
    openssl("req", ...ec, "-keyout", p.tlsKeyPath, "-out", csr, "-subj", `/CN=${service}`);
    openssl(
      "x509",
      "-req",
      "-in",
      csr,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      p.tlsCertPath,
      "-days",
      "825",
      "-extfile",
      ext,
    );
    rmSync(csr);
    rmSync(ext);
  }
}

/**
 * Makes the development PKI in `dir` unless it exists: a dev CA, a TLS certificate and key per
 * service signed by it, an Ed25519 signing key per service and the trust bundle of their public
 * keys. The signing keys need nothing but Bun; the CA and certificates need the `openssl` command —
 * without it (e.g. the slim runtime image under docker-compose.prod.yml) they are left out and
 * `NO-TLS.txt` says why, so service tokens still work and only GRPC_TLS_* pointing here fails, at
 * start, naming the missing file. Built in a temporary sibling and renamed into place, so services starting at once (one
 * `bun run dev`, parallel tests, several containers on a shared volume) all end up with the same
 * one. Never used in production or staging (the config refuses a missing SERVICE_KEY_PATH there).
 */
export function ensureDevPki(
  dir: string,
  services: readonly string[],
  opts: { /** The openssl command (default "openssl" on PATH). */ openssl?: string } = {},
): void {
  const openssl = opts.openssl ?? "openssl";
  if (existsSync(join(dir, "trust-bundle.json"))) return;
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    const publicKeys: Record<string, KeyObject[]> = {};
    for (const service of services) {
      const p = devServicePaths(tmp, service);
      mkdirSync(dirname(p.keyPath), { recursive: true, mode: 0o700 });
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      writeFileSync(p.keyPath, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
      publicKeys[service] = [publicKey];
    }
    if (hasOpenssl(openssl)) writeTls(tmp, services, openssl);
    else
      writeFileSync(
        join(tmp, NO_TLS_NOTE),
        "No dev CA or TLS certificates: the `openssl` command was missing when this PKI was made.\n" +
          "Install openssl and delete this directory to have them made (for GRPC_TLS_* in development).\n",
      );
    writeFileSync(join(tmp, "trust-bundle.json"), trustBundleJson(publicKeys));
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another process made it first: use theirs.
      if (!existsSync(join(dir, "trust-bundle.json"))) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
