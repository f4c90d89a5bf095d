import type { ConnectRouter, Interceptor } from "@connectrpc/connect";
import { createLogger, createServiceMetrics } from "@nova/observability";
import {
  createHealth,
  createServiceServer,
  listen,
  type RunningServer,
  type ServiceServer,
} from "@nova/server";

/** A real kit server (HTTP on Bun.serve + h2c gRPC) on ephemeral loopback ports, for tests and benches. */
export interface KitServer {
  readonly server: ServiceServer;
  running: RunningServer;
  readonly httpUrl: string;
  readonly grpcUrl: string;
  /** Stops the listeners (the ports are released). */
  stop(): Promise<void>;
  /** Listens again on the same ports. */
  restart(): Promise<void>;
}

/** Builds a kit server named `service` with extra `rpc` registrations and listens on ephemeral ports. */
export async function startKitServer(
  opts: { service?: string; rpc?: (router: ConnectRouter) => void; interceptors?: Interceptor[] } = {},
): Promise<KitServer> {
  const service = opts.service ?? "user-service";
  const make = () =>
    createServiceServer({
      service,
      version: "test",
      env: "test",
      description: "rpc test server",
      log: createLogger({ level: "error", base: { service }, write: () => {} }),
      metrics: createServiceMetrics({ service, version: "test", processMetrics: false }),
      health: createHealth({ service, version: "test", cacheMs: 0 }),
      surface: { rpc: opts.rpc },
      extraInterceptors: opts.interceptors,
    });
  let server = make();
  let running = await listen(server, { httpPort: 0, grpcPort: 0, hostname: "127.0.0.1" });
  const httpPort = running.httpPort;
  const grpcPort = running.grpcPort as number;
  return {
    get server() {
      return server;
    },
    get running() {
      return running;
    },
    httpUrl: `http://127.0.0.1:${httpPort}`,
    grpcUrl: `http://127.0.0.1:${grpcPort}`,
    stop: () => running.stop({ timeoutMs: 500 }),
    async restart() {
      // A stopped server stays draining (not ready); a restart is a fresh process in real life.
      server = make();
      running = await listen(server, { httpPort, grpcPort, hostname: "127.0.0.1" });
    },
  } as KitServer;
}
