import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { confirmTwoFactor } from "../domain/confirm-two-factor.ts";
import { disableTwoFactor } from "../domain/disable-two-factor.ts";
import { enrollTwoFactor } from "../domain/enroll-two-factor.ts";
import { type IdentityEnv, requestMeta } from "./identity-env.ts";
import { body, CodeBodySchema, DisableTwoFactorBodySchema, json, problems } from "./schemas.ts";

const tags = ["two-factor"];
const security = [{ bearerAuth: [] }];

export const enrollRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/2fa/enroll",
  tags,
  security,
  summary: "Start TOTP enrolment: a secret and its otpauth:// URI",
  responses: {
    200: json(
      z.object({ secret: z.string(), otpauthUri: z.string() }).openapi("TwoFactorEnrolment"),
      "scan the URI",
    ),
    ...problems(401, 412),
  },
});

export const confirmRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/2fa/confirm",
  tags,
  security,
  summary: "Turn two-factor on with a code from the app; returns ten recovery codes (shown once)",
  request: body(CodeBodySchema),
  responses: {
    200: json(z.object({ recoveryCodes: z.array(z.string()) }).openapi("RecoveryCodes"), "enabled"),
    ...problems(400, 401, 412, 429),
  },
});

export const disableRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/2fa/disable",
  tags,
  security,
  summary: "Turn two-factor off (password and a code required)",
  request: body(DisableTwoFactorBodySchema),
  responses: { 204: { description: "disabled" }, ...problems(400, 401, 412, 429) },
});

export const TWO_FACTOR_PROTECTED = [enrollRoute.path, confirmRoute.path, disableRoute.path];

export function mountTwoFactorRoutes(app: OpenAPIHono<IdentityEnv>, ctx: ServiceContext): void {
  app.openapi(enrollRoute, async (c) =>
    c.json(await enrollTwoFactor({ ctx, auth: c.get("auth"), meta: requestMeta(c) }), 200),
  );
  app.openapi(confirmRoute, async (c) =>
    c.json(
      await confirmTwoFactor({ ctx, auth: c.get("auth"), input: c.req.valid("json"), meta: requestMeta(c) }),
      200,
    ),
  );
  app.openapi(disableRoute, async (c) => {
    await disableTwoFactor({ ctx, auth: c.get("auth"), input: c.req.valid("json"), meta: requestMeta(c) });
    return c.body(null, 204);
  });
}
