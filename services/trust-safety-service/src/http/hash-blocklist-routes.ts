import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { blockMediaHash, listBlockedMediaHashes, unblockMediaHash } from "../domain/manage-hash-blocklist.ts";
import { created, ok, problems } from "./schemas.ts";
import type { TrustSafetyEnv } from "./ts-env.ts";

const bearer = [{ bearerAuth: [] }];
const PATH = "/api/v1/moderation/hash-blocklist";

const blockedHashSchema = z
  .object({
    id: z.string(),
    hash: z.string().openapi({ example: "f0e4c2d7c8b0a1e3" }),
    reason: z.string(),
    addedBy: z.string(),
    createdAt: z.string(),
  })
  .openapi("BlockedMediaHash");
const blockBody = z.object({
  hash: z.string().openapi({ description: "64-bit dHash as 16 hex digits (media-service computes it)" }),
  reason: z.string(),
});

export const blockHashRoute = createRoute({
  method: "post",
  path: PATH,
  tags: ["moderation"],
  summary: "Block an image by its perceptual hash: near-duplicate uploads are refused (admins)",
  security: bearer,
  request: { body: { content: { "application/json": { schema: blockBody } }, required: true } },
  responses: { ...created("The entry", blockedHashSchema), ...problems(400, 401, 403, 409) },
});
export const listBlockedHashesRoute = createRoute({
  method: "get",
  path: PATH,
  tags: ["moderation"],
  summary: "The image hash blocklist, newest first (admins)",
  security: bearer,
  responses: { ...ok("Entries", z.object({ items: z.array(blockedHashSchema) })), ...problems(401, 403) },
});
export const unblockHashRoute = createRoute({
  method: "delete",
  path: `${PATH}/{id}`,
  tags: ["moderation"],
  summary: "Remove an image hash from the blocklist (admins)",
  security: bearer,
  request: { params: z.object({ id: z.string() }) },
  responses: { 204: { description: "Removed" }, ...problems(400, 401, 403, 404) },
});

/** The admins' image hash blocklist (every change audit-logged). */
export function mountHashBlocklistRoutes(app: OpenAPIHono<TrustSafetyEnv>, ctx: ServiceContext): void {
  app.openapi(blockHashRoute, async (c) =>
    c.json(await blockMediaHash({ ctx, auth: c.get("auth"), input: c.req.valid("json") }), 201),
  );
  app.openapi(listBlockedHashesRoute, async (c) =>
    c.json({ items: await listBlockedMediaHashes({ ctx, auth: c.get("auth") }) }, 200),
  );
  app.openapi(unblockHashRoute, async (c) => {
    await unblockMediaHash({ ctx, auth: c.get("auth"), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
