import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { claimKeys } from "../domain/claim-keys.ts";
import { countKeys } from "../domain/count-keys.ts";
import { uploadKeys } from "../domain/upload-keys.ts";
import type { ChatEnv } from "./chat-env.ts";
import { withChatErrors } from "./chat-errors.ts";
import { accountParams, bundleSchema, deviceParams, ok, problems, uploadKeysBody } from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];

export const uploadKeysRoute = createRoute({
  method: "put",
  path: "/api/v1/chat/devices/{deviceId}/keys",
  tags: ["keys"],
  summary: "Publish this device's key bundle (signatures verified; 422 otherwise)",
  security: bearer,
  request: { params: deviceParams, body: { content: { "application/json": { schema: uploadKeysBody } } } },
  responses: {
    ...ok("Stored", z.object({ deviceId: z.number().int(), oneTimePreKeys: z.number().int() })),
    ...problems(400, 401, 422, 429),
  },
});

export const claimKeysRoute = createRoute({
  method: "get",
  path: "/api/v1/chat/users/{accountId}/keys",
  tags: ["keys"],
  summary: "One bundle per device of the account; consumes one one-time prekey per device",
  security: bearer,
  request: { params: accountParams },
  responses: { ...ok("Bundles", bundleSchema), ...problems(400, 401, 404, 429, 503) },
});

export const countKeysRoute = createRoute({
  method: "get",
  path: "/api/v1/chat/devices/{deviceId}/keys/count",
  tags: ["keys"],
  summary: "How many one-time prekeys this device has left",
  security: bearer,
  request: { params: deviceParams },
  responses: {
    ...ok("Count", z.object({ deviceId: z.number().int(), oneTimePreKeys: z.number().int() })),
    ...problems(400, 401, 404),
  },
});

export function mountKeyRoutes(app: OpenAPIHono<ChatEnv>, ctx: ServiceContext): void {
  app.openapi(
    uploadKeysRoute,
    (c) =>
      withChatErrors(c.get("requestId"), async () =>
        c.json(
          await uploadKeys({
            ctx,
            viewer: c.get("auth"),
            input: { ...c.req.valid("json"), deviceId: c.req.valid("param").deviceId as unknown as number },
          }),
          200,
        ),
      ) as never,
  );
  app.openapi(claimKeysRoute, async (c) =>
    c.json(
      await claimKeys({ ctx, viewer: c.get("auth"), input: { accountId: c.req.valid("param").accountId } }),
      200,
    ),
  );
  app.openapi(countKeysRoute, async (c) =>
    c.json(
      await countKeys({ ctx, viewer: c.get("auth"), input: { deviceId: c.req.valid("param").deviceId } }),
      200,
    ),
  );
}
