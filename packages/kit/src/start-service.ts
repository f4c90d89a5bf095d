import type { BaseConfig } from "@nova/config";
import { createTlsContextLoader } from "@nova/rpc";
import { createServiceServer, listen, type RunningServer } from "@nova/server";
import type { BaseContext } from "./base-context.ts";
import type { BaseContextOverrides, ServiceModule } from "./service-module.ts";

export interface StartedService<X extends BaseContext = BaseContext> {
  readonly ctx: X;
  readonly server: RunningServer;
  /** Drains and stops listeners, then closes the context's resources. */
  stop(opts?: { timeoutMs?: number; drainDelayMs?: number }): Promise<void>;
}

/** Builds a service's context and binds it to its ports. Used by main.ts, `bun run dev` and tests. */
export async function startService<C extends BaseConfig, X extends BaseContext<C>>(
  mod: ServiceModule<C, X>,
  config: C,
  opts: { overrides?: BaseContextOverrides; hostname?: string } = {},
): Promise<StartedService<X>> {
  const ctx = await mod.createContext(config, opts.overrides);
  try {
    const server = createServiceServer({
      service: mod.name,
      version: config.service.version,
      env: config.service.env,
      description: mod.description,
      log: ctx.log,
      metrics: ctx.metrics,
      health: ctx.health,
      surface: mod.createApp(ctx),
      rpcServiceNames: mod.rpcServices,
      corsOrigins: config.http.corsOrigins,
      trustedProxies: config.trustedProxies,
      ...mod.serverOptions?.(config),
    });
    // mTLS on the gRPC port when GRPC_TLS_* are set; the files are followed (rotation without restart).
    const tls =
      config.grpc.tls && config.grpc.port !== null ? createTlsContextLoader(config.grpc.tls) : undefined;
    if (tls) ctx.onClose(() => tls.close());
    const running = await listen(server, {
      httpPort: config.http.port,
      grpcPort: config.grpc.port,
      hostname: opts.hostname,
      ...(tls ? { grpcTls: tls } : {}),
    });
    ctx.log.info("listening", { httpPort: running.httpPort, grpcPort: running.grpcPort });
    return {
      ctx,
      server: running,
      stop: async (stopOpts) => {
        await running.stop({
          timeoutMs: stopOpts?.timeoutMs ?? config.shutdownTimeoutMs,
          drainDelayMs: stopOpts?.drainDelayMs,
        });
        await ctx.close();
      },
    };
  } catch (err) {
    await ctx.close();
    throw err;
  }
}
