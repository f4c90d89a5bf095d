import type { Interceptor, Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { createConnectTransport as createFetchTransport } from "@connectrpc/connect-web";
import type { RpcProtocol } from "./target-url.ts";
import type { TlsFileWatcher, TlsMaterial } from "./tls-files.ts";
import { createUnaryFetchTransport } from "./unary-fetch-transport.ts";

/** A transport plus the sessions it owns, so a client can be closed (tests, shutdown, cert rotation). */
export interface ClosableTransport {
  readonly transport: Transport;
  close(): void;
}

export interface BaseTransportOptions {
  protocol: RpcProtocol;
  baseUrl: string;
  interceptors?: Interceptor[];
  /** HTTP/2 sessions per target (GRPC_CONNECTION_POOL_SIZE); calls are spread round-robin. */
  poolSize?: number;
  /** Client certificate, key and CA for mTLS on the HTTP/2 port; followed as the files change. */
  tls?: TlsFileWatcher;
  /** HTTP/1.1 implementation for "connect": Bun's fetch (default, measured faster) or node:http. */
  http1?: "fetch" | "node";
  /**
   * Every call's AbortSignal fires at its deadline (createServiceClient's resilient transport
   * guarantees it), so the fetch transport arms no timer of its own.
   */
  signalCarriesDeadline?: boolean;
}

// Sessions replaced after a certificate rotation finish their in-flight calls before being cut.
const ROTATION_GRACE_MS = 30_000;

function h2Pool(opts: BaseTransportOptions, tls: TlsMaterial | undefined): ClosableTransport {
  const size = Math.max(1, opts.poolSize ?? 1);
  const nodeOptions = tls ? { cert: tls.cert, key: tls.key, ca: tls.ca } : {};
  const managers = Array.from({ length: size }, () => new Http2SessionManager(opts.baseUrl, {}, nodeOptions));
  const make = opts.protocol === "grpc" ? createGrpcTransport : createConnectTransport;
  const transports = managers.map((sessionManager) =>
    make({ baseUrl: opts.baseUrl, httpVersion: "2", sessionManager, interceptors: opts.interceptors }),
  );
  let next = 0;
  const pick = () => transports[next++ % transports.length] as Transport;
  return {
    transport: {
      unary: (...args) => pick().unary(...args),
      stream: (...args) => pick().stream(...args),
    },
    close: () => {
      for (const m of managers) m.abort();
    },
  };
}

/** Builds the wire transport for a protocol: Connect/HTTP 1.1, Connect/h2 or gRPC, optionally with mTLS. */
export function createBaseTransport(opts: BaseTransportOptions): ClosableTransport {
  if (opts.protocol === "connect") {
    if (opts.tls) throw new Error('mTLS is supported on the HTTP/2 protocols ("grpc", "connect-h2") only');
    if (opts.http1 === "node") {
      const transport = createConnectTransport({
        baseUrl: opts.baseUrl,
        httpVersion: "1.1",
        interceptors: opts.interceptors,
      });
      return { transport, close: () => {} };
    }
    const web = createFetchTransport({
      baseUrl: opts.baseUrl,
      useBinaryFormat: true,
      interceptors: opts.interceptors,
    });
    // Unary calls without client interceptors take the lean fetch path (same wire protocol);
    // streams, and calls through interceptors, keep connect-web.
    const transport = opts.interceptors?.length
      ? web
      : createUnaryFetchTransport(
          { baseUrl: opts.baseUrl, signalCarriesDeadline: opts.signalCarriesDeadline ?? false },
          web,
        );
    return { transport, close: () => {} };
  }
  const tls = opts.tls;
  if (!tls) return h2Pool(opts, undefined);

  let current = h2Pool(opts, tls.current());
  const unsubscribe = tls.onChange((material) => {
    const old = current;
    current = h2Pool(opts, material);
    setTimeout(() => old.close(), ROTATION_GRACE_MS).unref?.();
  });
  return {
    transport: {
      unary: (...args) => current.transport.unary(...args),
      stream: (...args) => current.transport.stream(...args),
    },
    close: () => {
      unsubscribe();
      current.close();
    },
  };
}
