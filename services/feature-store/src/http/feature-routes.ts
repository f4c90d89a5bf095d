import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { fromZodError } from "@nova/errors";
import type { ServiceEnv } from "@nova/server";
import { ENTITY_TYPES } from "../domain/entity-types.ts";
import { listFeatures } from "../domain/list-features.ts";

const valueSchema = z.union([z.number(), z.record(z.string(), z.number())]);

export const featureDefinitionSchema = z
  .object({
    entityType: z.enum(ENTITY_TYPES),
    name: z.string().openapi({ example: "engagement_24h" }),
    valueType: z.enum(["number", "weights"]),
    description: z.string(),
    ttlSeconds: z.number().int().openapi({ description: "0: never stale" }),
    sourceEvents: z.array(z.string()).openapi({ example: ["nova.social.v1.LikeCreated"] }),
    defaultValue: valueSchema,
  })
  .openapi("FeatureDefinition");

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string(),
    detail: z.string().optional(),
  })
  .openapi("Problem");

export const listFeaturesRoute = createRoute({
  method: "get",
  path: "/api/v1/features",
  tags: ["features"],
  summary: "The feature registry: entity, name, type, freshness, source events and default of every feature",
  request: { query: z.object({ entityType: z.enum(ENTITY_TYPES).optional() }) },
  responses: {
    200: {
      description: "Features",
      content: { "application/json": { schema: z.object({ features: z.array(featureDefinitionSchema) }) } },
    },
    400: { description: "Unknown entity type", content: { "application/problem+json": { schema: problem } } },
  },
});

/** Mounts feature-store's REST routes (read-only registry; served values go over RPC). */
export function mountFeatureRoutes(app: OpenAPIHono<ServiceEnv>): void {
  const routes = new OpenAPIHono<ServiceEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  routes.openapi(listFeaturesRoute, (c) => {
    const features = listFeatures({ input: { entityType: c.req.valid("query").entityType } });
    return c.json(
      {
        features: features.map((f) => ({
          entityType: f.entityType,
          name: f.name,
          valueType: f.valueType,
          description: f.description,
          ttlSeconds: Math.round(f.ttlMs / 1000),
          sourceEvents: [...f.sourceEvents],
          defaultValue: typeof f.defaultValue === "number" ? f.defaultValue : { ...f.defaultValue },
        })),
      },
      200,
    );
  });
  app.route("/", routes);
}
