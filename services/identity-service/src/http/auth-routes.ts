import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { completeTwoFactorLogin } from "../domain/complete-two-factor-login.ts";
import { logIn } from "../domain/log-in.ts";
import { logOut, logOutEverywhere } from "../domain/log-out.ts";
import { refreshSession } from "../domain/refresh-session.ts";
import { registerAccount } from "../domain/register-account.ts";
import { type IdentityEnv, requestMeta } from "./identity-env.ts";
import {
  AuthResultSchema,
  body,
  json,
  LoginBodySchema,
  LoginResultSchema,
  problems,
  RefreshBodySchema,
  RegisterBodySchema,
  RevokedSchema,
  TokenPairSchema,
  TwoFactorLoginBodySchema,
} from "./schemas.ts";

const tags = ["auth"];
const bearer = [{ bearerAuth: [] }];

export const registerRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/register",
  tags,
  summary: "Create an account and log it in",
  request: body(RegisterBodySchema),
  responses: {
    201: json(AuthResultSchema, "account created; a verification mail is on its way"),
    ...problems(400, 409, 429),
  },
});

export const loginRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/login",
  tags,
  summary: "Log in with email or username and password",
  request: body(LoginBodySchema),
  responses: {
    200: json(LoginResultSchema, "tokens, or a two-factor challenge"),
    ...problems(400, 401, 429),
  },
});

export const twoFactorLoginRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/login/2fa",
  tags,
  summary: "Finish a two-factor login with a TOTP or recovery code",
  request: body(TwoFactorLoginBodySchema),
  responses: { 200: json(AuthResultSchema, "logged in"), ...problems(400, 401, 429) },
});

export const refreshRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/refresh",
  tags,
  summary: "Rotate a refresh token into a new token pair",
  request: body(RefreshBodySchema),
  responses: {
    200: json(TokenPairSchema, "new token pair; the old refresh token is used up"),
    ...problems(400, 401),
  },
});

export const logoutRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/logout",
  tags,
  security: bearer,
  summary: "End this session",
  responses: { 204: { description: "logged out" }, ...problems(401) },
});

export const logoutEverywhereRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/logout-everywhere",
  tags,
  security: bearer,
  summary: "End every session of the account",
  responses: { 200: json(RevokedSchema, "sessions ended"), ...problems(401) },
});

/** Paths of this file that need a token (the middleware is attached in app.ts). */
export const AUTH_PROTECTED = [logoutRoute.path, logoutEverywhereRoute.path];

export function mountAuthRoutes(app: OpenAPIHono<IdentityEnv>, ctx: ServiceContext): void {
  app.openapi(registerRoute, async (c) =>
    c.json(await registerAccount({ ctx, input: c.req.valid("json"), meta: requestMeta(c) }), 201),
  );
  app.openapi(loginRoute, async (c) =>
    c.json(await logIn({ ctx, input: c.req.valid("json"), meta: requestMeta(c) }), 200),
  );
  app.openapi(twoFactorLoginRoute, async (c) =>
    c.json(await completeTwoFactorLogin({ ctx, input: c.req.valid("json"), meta: requestMeta(c) }), 200),
  );
  app.openapi(refreshRoute, async (c) =>
    c.json(await refreshSession({ ctx, input: c.req.valid("json"), meta: requestMeta(c) }), 200),
  );
  app.openapi(logoutRoute, async (c) => {
    await logOut({ ctx, auth: c.get("auth"), meta: requestMeta(c) });
    return c.body(null, 204);
  });
  app.openapi(logoutEverywhereRoute, async (c) =>
    c.json(await logOutEverywhere({ ctx, auth: c.get("auth"), meta: requestMeta(c) }), 200),
  );
}
