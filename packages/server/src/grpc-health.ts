import { create } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  HealthCheckResponseSchema,
  HealthListResponseSchema,
  Health as HealthService,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from "@nova/proto/grpc/health/v1";
import type { Health } from "./health.ts";

/**
 * grpc.health.v1.Health over the service's readiness. "" is the whole server; each registered
 * service name (e.g. "nova.identity.v1.IdentityService") reports the same status, since a Nova
 * service is ready or not as a whole.
 */
export function registerGrpcHealth(
  router: ConnectRouter,
  health: Health,
  serviceNames: readonly string[],
  opts: { watchIntervalMs?: number } = {},
): void {
  const known = new Set(["", ...serviceNames]);
  const current = async () =>
    (await health.evaluate()).ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  const interval = opts.watchIntervalMs ?? 2000;

  router.service(HealthService, {
    async check(req) {
      if (!known.has(req.service)) throw new ConnectError(`unknown service "${req.service}"`, Code.NotFound);
      return create(HealthCheckResponseSchema, { status: await current() });
    },
    async list() {
      const status = await current();
      const statuses: Record<string, ReturnType<typeof create<typeof HealthCheckResponseSchema>>> = {};
      for (const name of known) statuses[name] = create(HealthCheckResponseSchema, { status });
      return create(HealthListResponseSchema, { statuses });
    },
    async *watch(req, ctx) {
      // Per the health-checking protocol, an unknown service is reported, not rejected, so a
      // watcher can wait for it to appear.
      let last: ServingStatus | undefined;
      while (!ctx.signal.aborted) {
        const status = known.has(req.service) ? await current() : ServingStatus.SERVICE_UNKNOWN;
        if (status !== last) {
          last = status;
          yield create(HealthCheckResponseSchema, { status });
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, interval);
          ctx.signal.addEventListener(
            "abort",
            () => {
              clearTimeout(t);
              resolve();
            },
            { once: true },
          );
        });
      }
    },
  });
}
