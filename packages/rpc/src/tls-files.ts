import { readFileSync, statSync } from "node:fs";

/** Paths of a PEM certificate, its key and the CA bundle that peers must be signed by. */
export interface TlsPaths {
  certPath: string;
  keyPath: string;
  caPath: string;
}

/** The PEM contents read from TlsPaths. */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca: Buffer;
}

/** Watches TLS files and reports new material when any of them changes on disk. */
export interface TlsFileWatcher {
  current(): TlsMaterial;
  /** Subscribes to reloads; returns an unsubscribe function. */
  onChange(listener: (m: TlsMaterial) => void): () => void;
  /** Re-reads the files now if they changed (what the poll timer does). */
  check(): boolean;
  close(): void;
}

function read(paths: TlsPaths): TlsMaterial {
  const get = (label: string, p: string) => {
    try {
      return readFileSync(p);
    } catch (err) {
      throw new Error(`cannot read TLS ${label} at ${p}: ${(err as Error).message}`);
    }
  };
  return {
    cert: get("certificate", paths.certPath),
    key: get("key", paths.keyPath),
    ca: get("CA", paths.caPath),
  };
}

function fingerprint(paths: TlsPaths): string {
  return [paths.certPath, paths.keyPath, paths.caPath]
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
 * Loads the files and polls their mtime/size/inode every `pollIntervalMs`. Polling rather than
 * fs.watch because cert managers (cert-manager, Vault agents) swap files by rename or symlink,
 * which watch handles miss. A half-written set (unreadable) keeps the previous material.
 */
export function watchTlsFiles(paths: TlsPaths, opts: { pollIntervalMs?: number } = {}): TlsFileWatcher {
  let material = read(paths);
  let seen = fingerprint(paths);
  const listeners = new Set<(m: TlsMaterial) => void>();
  const check = () => {
    const now = fingerprint(paths);
    if (now === seen) return false;
    try {
      material = read(paths);
    } catch {
      return false;
    }
    seen = now;
    for (const l of listeners) l(material);
    return true;
  };
  const timer = setInterval(check, opts.pollIntervalMs ?? 5_000);
  timer.unref?.();
  return {
    current: () => material,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    check,
    close: () => clearInterval(timer),
  };
}

/** Reads the standard GRPC_TLS_* variables; undefined when none is set, an error when only some are. */
export function tlsPathsFromEnv(env: Record<string, string | undefined>): TlsPaths | undefined {
  const certPath = env.GRPC_TLS_CERT_PATH?.trim();
  const keyPath = env.GRPC_TLS_KEY_PATH?.trim();
  const caPath = env.GRPC_TLS_CA_PATH?.trim();
  if (!certPath && !keyPath && !caPath) return undefined;
  if (!certPath || !keyPath || !caPath)
    throw new Error("GRPC_TLS_CERT_PATH, GRPC_TLS_KEY_PATH and GRPC_TLS_CA_PATH must be set together");
  return { certPath, keyPath, caPath };
}
