import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { changePassword } from "../domain/change-password.ts";
import { getAccount } from "../domain/get-account.ts";
import { listSessions } from "../domain/list-sessions.ts";
import { requestPasswordReset } from "../domain/request-password-reset.ts";
import { resetPassword } from "../domain/reset-password.ts";
import { revokeSession } from "../domain/revoke-session.ts";
import { resendEmailVerification } from "../domain/send-email-verification.ts";
import { verifyEmail } from "../domain/verify-email.ts";
import { type IdentityEnv, requestMeta } from "./identity-env.ts";
import {
  AcceptedSchema,
  AccountSchema,
  body,
  ChangePasswordBodySchema,
  EmailBodySchema,
  json,
  OwnAccountSchema,
  problems,
  ResetBodySchema,
  RevokedSchema,
  SessionSchema,
  TokenBodySchema,
} from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];

export const meRoute = createRoute({
  method: "get",
  path: "/api/v1/accounts/me",
  tags: ["accounts"],
  security: bearer,
  summary: "The caller's account",
  responses: { 200: json(OwnAccountSchema, "the account and its staff roles"), ...problems(401) },
});

export const sessionsRoute = createRoute({
  method: "get",
  path: "/api/v1/auth/sessions",
  tags: ["sessions"],
  security: bearer,
  summary: "The caller's active sessions (devices)",
  responses: { 200: json(z.object({ sessions: z.array(SessionSchema) }), "sessions"), ...problems(401) },
});

export const revokeSessionRoute = createRoute({
  method: "delete",
  path: "/api/v1/auth/sessions/{sessionId}",
  tags: ["sessions"],
  security: bearer,
  summary: "Revoke one of the caller's sessions",
  request: { params: z.object({ sessionId: z.string().max(64) }) },
  responses: { 204: { description: "revoked" }, ...problems(401, 404) },
});

export const changePasswordRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/password/change",
  tags: ["password"],
  security: bearer,
  summary: "Change the password (other sessions are ended)",
  request: body(ChangePasswordBodySchema),
  responses: { 200: json(RevokedSchema, "changed"), ...problems(400, 401, 412) },
});

export const requestResetRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/password/reset-request",
  tags: ["password"],
  summary: "Mail a reset link (same answer whether or not the email has an account)",
  request: body(EmailBodySchema),
  responses: { 202: json(AcceptedSchema, "accepted"), ...problems(400, 429) },
});

export const resetRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/password/reset",
  tags: ["password"],
  summary: "Set a new password with a reset token (every session is ended)",
  request: body(ResetBodySchema),
  responses: { 200: json(RevokedSchema, "password set"), ...problems(400, 429) },
});

export const verifyEmailRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/email/verify",
  tags: ["email"],
  summary: "Verify the email address with the mailed token",
  request: body(TokenBodySchema),
  responses: { 200: json(AccountSchema, "verified"), ...problems(400, 429) },
});

export const resendVerificationRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/email/verification",
  tags: ["email"],
  security: bearer,
  summary: "Mail a new verification link",
  responses: { 202: json(AcceptedSchema, "sent"), ...problems(401, 412, 429) },
});

export const ACCOUNT_PROTECTED = [
  meRoute.path,
  sessionsRoute.path,
  "/api/v1/auth/sessions/*",
  changePasswordRoute.path,
  resendVerificationRoute.path,
];

export function mountAccountRoutes(app: OpenAPIHono<IdentityEnv>, ctx: ServiceContext): void {
  app.openapi(meRoute, async (c) => c.json(await getAccount({ ctx, auth: c.get("auth") }), 200));
  app.openapi(sessionsRoute, async (c) =>
    c.json({ sessions: await listSessions({ ctx, auth: c.get("auth") }) }, 200),
  );
  app.openapi(revokeSessionRoute, async (c) => {
    await revokeSession({ ctx, auth: c.get("auth"), input: c.req.valid("param"), meta: requestMeta(c) });
    return c.body(null, 204);
  });
  app.openapi(changePasswordRoute, async (c) =>
    c.json(
      await changePassword({ ctx, auth: c.get("auth"), input: c.req.valid("json"), meta: requestMeta(c) }),
      200,
    ),
  );
  app.openapi(requestResetRoute, async (c) => {
    await requestPasswordReset({ ctx, input: c.req.valid("json"), meta: requestMeta(c) });
    return c.json({ accepted: true as const }, 202);
  });
  app.openapi(resetRoute, async (c) =>
    c.json(await resetPassword({ ctx, input: c.req.valid("json"), meta: requestMeta(c) }), 200),
  );
  app.openapi(verifyEmailRoute, async (c) =>
    c.json(await verifyEmail({ ctx, input: c.req.valid("json"), meta: requestMeta(c) }), 200),
  );
  app.openapi(resendVerificationRoute, async (c) => {
    await resendEmailVerification({ ctx, auth: c.get("auth"), meta: requestMeta(c) });
    return c.json({ accepted: true as const }, 202);
  });
}
