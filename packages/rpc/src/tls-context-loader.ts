import type { Http2SecureServer, SecureServerOptions } from "node:http2";
import { createSecureContext } from "node:tls";
import { type TlsPaths, watchTlsFiles } from "./tls-files.ts";

/** Server-side mTLS material that follows the files on disk. */
export interface TlsContextLoader {
  /** Options for `http2.createSecureServer`: our cert, client certs required and verified against the CA. */
  serverOptions(): SecureServerOptions;
  /** Makes `server` switch to new material whenever the files change (no restart, no dropped sessions). */
  attach(server: Http2SecureServer): void;
  /** Re-reads the files now if they changed; true when new material was loaded. */
  reload(): boolean;
  close(): void;
}

/**
 * Loads the gRPC listener's certificate, key and client CA (GRPC_TLS_*_PATH) and reloads them on
 * change: attached servers get `setSecureContext`, and SNI handshakes always see the latest
 * context. New handshakes use the new files; established sessions keep theirs.
 */
export function createTlsContextLoader(
  paths: TlsPaths,
  opts: { pollIntervalMs?: number } = {},
): TlsContextLoader {
  const watcher = watchTlsFiles(paths, opts);
  const base = () => {
    const m = watcher.current();
    return { cert: m.cert, key: m.key, ca: m.ca, requestCert: true, rejectUnauthorized: true } as const;
  };
  let context = createSecureContext(base());
  const servers = new Set<Http2SecureServer>();
  watcher.onChange(() => {
    context = createSecureContext(base());
    for (const s of servers) s.setSecureContext(base());
  });
  return {
    serverOptions: () => ({
      ...base(),
      allowHTTP1: false,
      SNICallback: (_servername, cb) => cb(null, context),
    }),
    attach(server) {
      servers.add(server);
      server.once("close", () => servers.delete(server));
    },
    reload: () => watcher.check(),
    close: () => watcher.close(),
  };
}
