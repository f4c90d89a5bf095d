import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { checkUsernameAvailability } from "../domain/check-username-availability.ts";
import { availabilitySchema, problems } from "./schemas.ts";
import type { UserEnv } from "./user-env.ts";

export const availabilityRoute = createRoute({
  method: "get",
  path: "/api/v1/usernames/{name}/availability",
  tags: ["profiles"],
  summary: "Whether a username is valid and free (a name you hold counts as available to you)",
  request: { params: z.object({ name: z.string().max(64) }) },
  responses: {
    200: { description: "Availability", content: { "application/json": { schema: availabilitySchema } } },
    ...problems(400),
  },
});

export function mountUsernameRoutes(app: OpenAPIHono<UserEnv>, ctx: ServiceContext): void {
  app.openapi(availabilityRoute, async (c) =>
    c.json(
      await checkUsernameAvailability({
        ctx,
        viewer: c.get("auth"),
        input: { username: c.req.valid("param").name },
      }),
      200,
    ),
  );
}
