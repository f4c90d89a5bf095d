import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { getMySettings } from "../domain/get-my-settings.ts";
import { settingsPatchSchema } from "../domain/settings-input.ts";
import { updateMySettings } from "../domain/update-my-settings.ts";
import { problems, settingsSchema } from "./schemas.ts";
import type { UserEnv } from "./user-env.ts";

const bearer = [{ bearerAuth: [] }];
const ok = { 200: { description: "Settings", content: { "application/json": { schema: settingsSchema } } } };

export const getSettingsRoute = createRoute({
  method: "get",
  path: "/api/v1/users/me/settings",
  tags: ["settings"],
  summary: "The signed-in account's settings and privacy",
  security: bearer,
  responses: { ...ok, ...problems(401, 404) },
});

export const patchSettingsRoute = createRoute({
  method: "patch",
  path: "/api/v1/users/me/settings",
  tags: ["settings"],
  summary: "Change settings and privacy; all or nothing",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: settingsPatchSchema } } } },
  responses: { ...ok, ...problems(400, 401, 404) },
});

export function mountSettingsRoutes(app: OpenAPIHono<UserEnv>, ctx: ServiceContext): void {
  app.openapi(getSettingsRoute, async (c) =>
    c.json(await getMySettings({ ctx, viewer: c.get("auth") }), 200),
  );
  app.openapi(patchSettingsRoute, async (c) => {
    const view = await updateMySettings({
      ctx,
      viewer: c.get("auth"),
      input: c.req.valid("json"),
      traceparent: formatTraceparent(c.get("trace")),
    });
    return c.json(view, 200);
  });
}
