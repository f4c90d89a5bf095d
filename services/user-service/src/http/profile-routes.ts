import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { getMyProfile } from "../domain/get-my-profile.ts";
import { getProfile } from "../domain/get-profile.ts";
import { getProfileByUsername } from "../domain/get-profile-by-username.ts";
import { profilePatchSchema } from "../domain/profile-input.ts";
import { withProfileMedia } from "../domain/profile-media.ts";
import { updateMyProfile } from "../domain/update-my-profile.ts";
import { problems, profileSchema } from "./schemas.ts";
import type { UserEnv } from "./user-env.ts";

const bearer = [{ bearerAuth: [] }];
const json = (description: string) => ({
  200: { description, content: { "application/json": { schema: profileSchema } } },
});

export const getMeRoute = createRoute({
  method: "get",
  path: "/api/v1/users/me",
  tags: ["profiles"],
  summary: "The signed-in account's profile, private fields included",
  security: bearer,
  responses: { ...json("Own profile"), ...problems(401, 404) },
});

export const patchMeRoute = createRoute({
  method: "patch",
  path: "/api/v1/users/me",
  tags: ["profiles"],
  summary: "Change the own profile (username included); all or nothing",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: profilePatchSchema } } } },
  responses: { ...json("Updated profile"), ...problems(400, 401, 404, 409) },
});

export const getByUsernameRoute = createRoute({
  method: "get",
  path: "/api/v1/users/by-username/{username}",
  tags: ["profiles"],
  summary: "A profile by username (case-insensitive)",
  request: { params: z.object({ username: z.string().max(64) }) },
  responses: { ...json("Profile"), ...problems(400, 404) },
});

export const getByIdRoute = createRoute({
  method: "get",
  path: "/api/v1/users/{id}",
  tags: ["profiles"],
  summary: "A profile by user id",
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { ...json("Profile"), ...problems(400, 404) },
});

/** Profile routes; `/users/me` is registered before `/users/{id}` so it is never taken for an id. */
export function mountProfileRoutes(app: OpenAPIHono<UserEnv>, ctx: ServiceContext): void {
  app.openapi(getMeRoute, async (c) =>
    c.json(await withProfileMedia(ctx, await getMyProfile({ ctx, viewer: c.get("auth") })), 200),
  );
  app.openapi(patchMeRoute, async (c) => {
    const view = await updateMyProfile({
      ctx,
      viewer: c.get("auth"),
      input: c.req.valid("json"),
      traceparent: formatTraceparent(c.get("trace")),
    });
    return c.json(await withProfileMedia(ctx, view), 200);
  });
  app.openapi(getByUsernameRoute, async (c) =>
    c.json(
      await withProfileMedia(
        ctx,
        await getProfileByUsername({
          ctx,
          viewer: c.get("auth"),
          input: { username: c.req.valid("param").username },
          traceparent: formatTraceparent(c.get("trace")),
        }),
      ),
      200,
    ),
  );
  app.openapi(getByIdRoute, async (c) => {
    const view = await getProfile({
      ctx,
      viewer: c.get("auth"),
      input: { id: c.req.valid("param").id },
      traceparent: formatTraceparent(c.get("trace")),
    });
    return c.json(await withProfileMedia(ctx, view), 200);
  });
}
