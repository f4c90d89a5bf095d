import {
  createSecureServer,
  createServer,
  type Http2SecureServer,
  type Http2Server,
  type SecureServerOptions,
  type ServerHttp2Session,
} from "node:http2";
import type { WebSocketHandler } from "bun";
import type { ServiceServer } from "./create-service-server.ts";
import { createRpcNodeHandler } from "./rpc-node-handler.ts";
import { withWebSocketUpgrade } from "./service-websocket.ts";

/** Server-side mTLS material for the gRPC port that follows its files (`@nova/rpc`'s createTlsContextLoader). */
export interface GrpcTlsSource {
  serverOptions(): SecureServerOptions;
  attach(server: Http2SecureServer): void;
}

export interface ListenOptions {
  httpPort: number;
  /** null: no gRPC listener (the gateway). */
  grpcPort: number | null;
  hostname?: string;
  /**
   * mTLS on the gRPC port (GRPC_TLS_*): client certificates are required and verified against the
   * CA, and the certificate's CN becomes the calling service. Unset: h2c.
   */
  grpcTls?: GrpcTlsSource;
}

export interface RunningServer {
  readonly httpPort: number;
  readonly grpcPort: number | null;
  /**
   * Graceful stop: readiness turns 503 at once, listeners stop accepting, in-flight requests
   * finish, and anything still open after `timeoutMs` is cut.
   */
  stop(opts?: { timeoutMs?: number; drainDelayMs?: number }): Promise<void>;
}

function listenH2(server: Http2Server | Http2SecureServer, port: number, hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : port);
    });
  });
}

/** Binds a service to its HTTP port (Bun.serve) and gRPC port (node:http2, h2c). */
export async function listen(server: ServiceServer, opts: ListenOptions): Promise<RunningServer> {
  const hostname = opts.hostname ?? "0.0.0.0";
  const http = Bun.serve({
    port: opts.httpPort,
    hostname,
    // Bun's default (10 s) cuts Connect server streams, SSE and subscriptions that go quiet.
    idleTimeout: 0,
    ...(server.websocket
      ? {
          fetch: withWebSocketUpgrade(server.websocket, server.app.fetch),
          websocket: server.websocket.handler as WebSocketHandler<unknown>,
        }
      : { fetch: server.app.fetch }),
  });

  let h2: Http2Server | Http2SecureServer | undefined;
  const sessions = new Set<ServerHttp2Session>();
  let grpcPort: number | null = null;
  if (opts.grpcPort !== null) {
    const adapter = createRpcNodeHandler(server);
    // Bun's node:http2 counts each Connect-over-h2 call as an "invalid frame" and closes the
    // session after 1,000 of them (the default limit); gRPC is unaffected. Lift the limit.
    const limits = { maxSessionInvalidFrames: 2 ** 31 };
    if (opts.grpcTls) {
      const secure = createSecureServer({ ...opts.grpcTls.serverOptions(), ...limits }, adapter);
      opts.grpcTls.attach(secure);
      h2 = secure;
    } else {
      h2 = createServer(limits, adapter);
    }
    h2.on("session", (s: ServerHttp2Session) => {
      sessions.add(s);
      s.once("close", () => sessions.delete(s));
    });
    try {
      grpcPort = await listenH2(h2, opts.grpcPort, hostname);
    } catch (err) {
      await http.stop(true);
      throw err;
    }
  }

  let stopping: Promise<void> | undefined;
  const stop: RunningServer["stop"] = ({ timeoutMs = 8000, drainDelayMs = 0 } = {}) => {
    stopping ??= (async () => {
      server.health.setDraining();
      // Give load balancers a moment to see the 503 before the listeners go away.
      if (drainDelayMs > 0) await Bun.sleep(drainDelayMs);
      const deadline = Bun.sleep(timeoutMs).then(() => "timeout" as const);
      const graceful = Promise.all([
        http.stop(false),
        h2
          ? new Promise<void>((resolve) => {
              h2?.close(() => resolve());
              for (const s of sessions) s.close();
            })
          : Promise.resolve(),
      ]).then(() => "done" as const);
      if ((await Promise.race([graceful, deadline])) === "timeout") {
        server.log.warn("shutdown deadline reached; closing open connections");
        await http.stop(true);
        for (const s of sessions) s.destroy();
      }
    })();
    return stopping;
  };

  return { httpPort: http.port ?? opts.httpPort, grpcPort, stop };
}
