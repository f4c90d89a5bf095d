import { z } from "@hono/zod-openapi";
import { STAFF_ROLES } from "@nova/auth";

// Bounds on every string a client sends: oversized input is a 400 naming the field, never a slow hash.
const password = z.string().min(1).max(1024);
const token = z.string().min(16).max(512);

export const AccountSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    username: z.string(),
    emailVerified: z.boolean(),
    twoFactorEnabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Account");

const StaffRoleSchema = z.enum(STAFF_ROLES).openapi("StaffRole");

/** The caller's own account with its current staff roles (`GET /api/v1/accounts/me`). */
export const OwnAccountSchema = AccountSchema.extend({ roles: z.array(StaffRoleSchema) }).openapi(
  "OwnAccount",
);

/** `GET /api/v1/staff`: every account holding a staff role. */
export const StaffListSchema = z
  .object({
    staff: z.array(
      z.object({
        accountId: z.string(),
        username: z.string(),
        roles: z.array(z.object({ role: StaffRoleSchema, grantedAt: z.string(), grantedBy: z.string() })),
      }),
    ),
  })
  .openapi("StaffList");

export const TokenPairSchema = z
  .object({
    tokenType: z.literal("Bearer"),
    accessToken: z.string(),
    expiresIn: z.number().int(),
    accessTokenExpiresAt: z.string(),
    refreshToken: z.string(),
    refreshTokenExpiresAt: z.string(),
    sessionId: z.string(),
    deviceToken: z
      .string()
      .optional()
      .openapi({ description: "given when a session starts; send it with this device's next login" }),
  })
  .openapi("TokenPair");

export const AuthResultSchema = z
  .object({ account: AccountSchema, tokens: TokenPairSchema })
  .openapi("AuthResult");

export const RegisterBodySchema = z
  .object({
    email: z.string().max(320).openapi({ example: "test@example.com" }),
    password: password.openapi({ example: "SecurePass123!" }),
    username: z.string().max(64).openapi({ example: "testuser" }),
    deviceName: z.string().max(100).optional(),
  })
  .openapi("RegisterRequest");

export const LoginBodySchema = z
  .object({
    identifier: z.string().min(1).max(320).openapi({ description: "email or username", example: "testuser" }),
    password,
    deviceName: z.string().max(100).optional(),
    deviceToken: z.string().max(4096).optional().openapi({
      description:
        "the deviceToken this device got at its last login on the account: a known device is never slowed down by other devices' failed logins",
    }),
  })
  .openapi("LoginRequest");

export const LoginResultSchema = z
  .union([
    z.object({ status: z.literal("authenticated"), account: AccountSchema, tokens: TokenPairSchema }),
    z.object({
      status: z.literal("two_factor_required"),
      challengeToken: z.string(),
      challengeExpiresAt: z.string(),
    }),
  ])
  .openapi("LoginResult");

export const TwoFactorLoginBodySchema = z
  .object({ challengeToken: token, code: z.string().min(1).max(32) })
  .openapi("TwoFactorLoginRequest");

export const RefreshBodySchema = z.object({ refreshToken: token }).openapi("RefreshRequest");
export const TokenBodySchema = z.object({ token }).openapi("TokenRequest");
export const EmailBodySchema = z.object({ email: z.string().max(320) }).openapi("EmailRequest");
export const ResetBodySchema = z.object({ token, newPassword: password }).openapi("ResetPasswordRequest");
export const ChangePasswordBodySchema = z
  .object({ currentPassword: password, newPassword: password })
  .openapi("ChangePasswordRequest");
export const CodeBodySchema = z.object({ code: z.string().min(1).max(32) }).openapi("TwoFactorCodeRequest");
export const DisableTwoFactorBodySchema = z
  .object({ password, code: z.string().min(1).max(32) })
  .openapi("DisableTwoFactorRequest");
export const PasswordBodySchema = z.object({ password }).openapi("PasswordConfirmation");

export const SessionSchema = z
  .object({
    id: z.string(),
    deviceName: z.string(),
    ip: z.string(),
    userAgent: z.string(),
    method: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    current: z.boolean(),
  })
  .openapi("Session");

export const RevokedSchema = z.object({ revokedSessions: z.number().int() }).openapi("RevokedSessions");
export const AcceptedSchema = z.object({ accepted: z.literal(true) }).openapi("Accepted");

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string(),
    violations: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

/** Problem responses a route may answer with, for the OpenAPI document. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: "problem", content: { "application/problem+json": { schema: ProblemSchema } } },
    ]),
  );

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

export type RegisterBody = z.infer<typeof RegisterBodySchema>;
export type AuthResult = z.infer<typeof AuthResultSchema>;
export type LoginResult = z.infer<typeof LoginResultSchema>;
export type TokenPairBody = z.infer<typeof TokenPairSchema>;
export type SessionBody = z.infer<typeof SessionSchema>;
