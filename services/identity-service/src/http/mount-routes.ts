import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "@nova/auth";
import { fromZodError } from "@nova/errors";
import type { ServiceEnv } from "@nova/server";
import { bodyLimit } from "hono/body-limit";
import type { ServiceContext } from "../context.ts";
import { ACCOUNT_DATA_PROTECTED, mountAccountDataRoutes } from "./account-data-routes.ts";
import { ACCOUNT_PROTECTED, mountAccountRoutes } from "./account-routes.ts";
import { AUTH_PROTECTED, mountAuthRoutes } from "./auth-routes.ts";
import type { IdentityEnv } from "./identity-env.ts";
import { mountJwksRoute } from "./jwks-route.ts";
import { mountOAuthRoutes, OAUTH_PROTECTED } from "./oauth-routes.ts";
import { PayloadTooLargeError } from "./payload-too-large.ts";
import { mountStaffRoutes, STAFF_PROTECTED } from "./staff-routes.ts";
import { mountTwoFactorRoutes, TWO_FACTOR_PROTECTED } from "./two-factor-routes.ts";

/** Request bodies of identity's routes are small JSON documents. */
const MAX_BODY_BYTES = 16 * 1024;

/** Mounts identity's REST routes on the kit's app (typed with the `auth` variable). */
export function mountRoutes(app: OpenAPIHono<ServiceEnv>, ctx: ServiceContext): void {
  const api = new OpenAPIHono<IdentityEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  api.use(
    "/api/v1/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PayloadTooLargeError(MAX_BODY_BYTES);
      },
    }),
  );
  const auth = authenticate(ctx.verifier);
  for (const path of [
    ...AUTH_PROTECTED,
    ...ACCOUNT_PROTECTED,
    ...TWO_FACTOR_PROTECTED,
    ...OAUTH_PROTECTED,
    ...ACCOUNT_DATA_PROTECTED,
    ...STAFF_PROTECTED,
  ])
    api.use(path, auth);
  mountJwksRoute(api, ctx);
  mountAuthRoutes(api, ctx);
  mountAccountRoutes(api, ctx);
  mountTwoFactorRoutes(api, ctx);
  mountOAuthRoutes(api, ctx);
  mountAccountDataRoutes(api, ctx);
  mountStaffRoutes(api, ctx);
  app.route("/", api);
}
