import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Health } from "./health.ts";
import type { ServiceEnv } from "./request-context.ts";

const CheckResult = z.object({
  status: z.enum(["up", "down"]),
  latencyMs: z.number(),
  error: z.string().optional(),
});
const HealthReport = z
  .object({
    service: z.string().openapi({ example: "identity-service" }),
    version: z.string(),
    status: z.enum(["ok", "unhealthy", "draining"]),
    ready: z.boolean(),
    uptimeSeconds: z.number().int(),
    checks: z.record(z.string(), CheckResult),
  })
  .openapi("HealthReport");
const Live = z.object({ service: z.string(), status: z.literal("alive") }).openapi("Liveness");
const Version = z
  .object({ service: z.string(), version: z.string(), runtime: z.string(), env: z.string() })
  .openapi("VersionInfo");

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

/** Health, liveness, readiness and version endpoints, as the deployment guide names them. */
export function mountHealthRoutes(
  app: OpenAPIHono<ServiceEnv>,
  health: Health,
  info: { service: string; version: string; env: string },
): void {
  // /health and /health/ready answer alike (the guide's loop reads the first, probes the second).
  const reportRoute = (path: string, summary: string, failing: string) =>
    app.openapi(
      createRoute({
        method: "get",
        path,
        tags: ["operations"],
        summary,
        responses: { 200: json(HealthReport, "All checks pass"), 503: json(HealthReport, failing) },
      }),
      async (c) => {
        const report = await health.evaluate();
        return report.ready ? c.json(report, 200) : c.json(report, 503);
      },
    );
  reportRoute(
    "/api/v1/health",
    "Detailed health: every dependency check",
    "A check fails or the service is draining",
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/health/live",
      tags: ["operations"],
      summary: "Liveness: 200 while the process runs",
      responses: { 200: json(Live, "Alive") },
    }),
    (c) => c.json({ service: info.service, status: "alive" as const }, 200),
  );
  reportRoute(
    "/api/v1/health/ready",
    "Readiness: 200 only when dependencies are reachable and migrations applied",
    "Not ready; the failing checks are named",
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/version",
      tags: ["operations"],
      summary: "Build and runtime version",
      responses: { 200: json(Version, "Version") },
    }),
    (c) =>
      c.json(
        { service: info.service, version: info.version, runtime: `bun ${Bun.version}`, env: info.env },
        200,
      ),
  );
}
