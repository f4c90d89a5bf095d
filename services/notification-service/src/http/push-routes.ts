import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { registerDevice, removePushTarget, subscribeWebPush } from "../domain/push-registrations.ts";
import type { NotificationEnv } from "./notification-env.ts";
import {
  created,
  deviceBody,
  deviceSchema,
  idParams,
  jsonBody,
  ok,
  problems,
  removedSchema,
  subscriptionBody,
  subscriptionSchema,
} from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];
const tags = ["push"];

export const vapidRoute = createRoute({
  method: "get",
  path: "/api/v1/push/vapid-public-key",
  tags,
  summary: "The VAPID public key (base64url) browsers pass as applicationServerKey",
  responses: { ...ok("The key", z.object({ publicKey: z.string() }).openapi("VapidKey")) },
});

export const registerDeviceRoute = createRoute({
  method: "post",
  path: "/api/v1/push/devices",
  tags,
  summary: "Register an APNs or FCM token of your app install",
  security: bearer,
  request: jsonBody(deviceBody),
  responses: { ...created("The device", deviceSchema), ...problems(400, 401) },
});

export const removeDeviceRoute = createRoute({
  method: "delete",
  path: "/api/v1/push/devices/{id}",
  tags,
  summary: "Remove one of your devices",
  security: bearer,
  request: { params: idParams },
  responses: { ...ok("Whether it was there", removedSchema), ...problems(400, 401, 403) },
});

export const subscribeRoute = createRoute({
  method: "post",
  path: "/api/v1/push/subscriptions",
  tags,
  summary: "Register a Web Push subscription (https endpoint on a public host)",
  security: bearer,
  request: jsonBody(subscriptionBody),
  responses: { ...created("The subscription", subscriptionSchema), ...problems(400, 401) },
});

export const unsubscribeRoute = createRoute({
  method: "delete",
  path: "/api/v1/push/subscriptions/{id}",
  tags,
  summary: "Remove one of your Web Push subscriptions",
  security: bearer,
  request: { params: idParams },
  responses: { ...ok("Whether it was there", removedSchema), ...problems(400, 401, 403) },
});

export function mountPushRoutes(app: OpenAPIHono<NotificationEnv>, ctx: ServiceContext): void {
  app.openapi(vapidRoute, (c) => c.json({ publicKey: ctx.push.vapid.publicKey }, 200));
  app.openapi(registerDeviceRoute, async (c) =>
    c.json(await registerDevice({ ctx, viewer: c.get("auth"), input: c.req.valid("json") }), 201),
  );
  app.openapi(removeDeviceRoute, async (c) =>
    c.json(
      await removePushTarget({
        ctx,
        viewer: c.get("auth"),
        input: { kind: "device", id: c.req.valid("param").id },
      }),
      200,
    ),
  );
  app.openapi(subscribeRoute, async (c) =>
    c.json(await subscribeWebPush({ ctx, viewer: c.get("auth"), input: c.req.valid("json") }), 201),
  );
  app.openapi(unsubscribeRoute, async (c) =>
    c.json(
      await removePushTarget({
        ctx,
        viewer: c.get("auth"),
        input: { kind: "subscription", id: c.req.valid("param").id },
      }),
      200,
    ),
  );
}
