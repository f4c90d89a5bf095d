import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { ingestClientEvents } from "../domain/ingest-client-events.ts";
import type { AnalyticsEnv } from "./analytics-env.ts";
import { accepted, ingestResult, problems } from "./schemas.ts";

export const ingestRoute = createRoute({
  method: "post",
  path: "/api/v1/analytics/events",
  tags: ["ingestion"],
  summary: "Send a batch of ≤ 500 client events (signed in, or anonymous with a deviceId)",
  description:
    "Body: ClientEventBatch `{deviceId?, events: [{id, name, occurredAt, sessionId?, properties}]}` (not validated as a whole: each event is validated on its own against the schema of its name; bad ones are reported by index, the good ones kept. Known ids are not counted again).",
  security: [{ bearerAuth: [] }, {}],
  responses: {
    ...accepted("Stored (see accepted/duplicates/rejected)", ingestResult),
    ...problems(400, 401, 413, 429),
  },
});

export function mountIngestRoutes(app: OpenAPIHono<AnalyticsEnv>, ctx: ServiceContext): void {
  app.openapi(ingestRoute, async (c) => {
    const body = await c.req.json().catch(() => {
      throw new InvalidArgumentError("body: expected a JSON object", [{ field: "body", message: "JSON" }]);
    });
    return c.json(await ingestClientEvents({ ctx, caller: c.get("auth"), input: body }), 202);
  });
}
