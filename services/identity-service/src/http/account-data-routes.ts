import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { deleteAccount } from "../domain/delete-account.ts";
import { exportAccount } from "../domain/export-account.ts";
import { type IdentityEnv, requestMeta } from "./identity-env.ts";
import { json, problems } from "./schemas.ts";

const tags = ["accounts"];
const bearer = [{ bearerAuth: [] }];

const DeleteAccountBodySchema = z
  .object({
    password: z.string().min(1).max(1024).optional(),
    code: z.string().min(1).max(32).optional(),
  })
  .openapi("DeleteAccountRequest");

export const deleteAccountRoute = createRoute({
  method: "delete",
  path: "/api/v1/account",
  tags,
  security: bearer,
  summary: "Delete the caller's account (password, plus a fresh code when two-factor is on)",
  request: { body: { content: { "application/json": { schema: DeleteAccountBodySchema } }, required: true } },
  responses: {
    200: json(z.object({ deletedAt: z.string() }).openapi("AccountDeleted"), "deleted"),
    ...problems(400, 401, 412, 429),
  },
});

const ExportPartSchema = z.union([
  z.object({ service: z.string(), data: z.unknown() }),
  z.object({ service: z.string(), error: z.string() }),
]);

export const exportAccountRoute = createRoute({
  method: "get",
  path: "/api/v1/account/export",
  tags,
  security: bearer,
  summary: "Everything Nova holds about the caller, one part per service",
  responses: {
    200: json(
      z
        .object({
          accountId: z.string(),
          exportedAt: z.string(),
          parts: z.array(ExportPartSchema),
          incomplete: z.boolean(),
        })
        .openapi("AccountExport"),
      "the export",
    ),
    ...problems(401),
  },
});

export const ACCOUNT_DATA_PROTECTED = [deleteAccountRoute.path, exportAccountRoute.path];

export function mountAccountDataRoutes(app: OpenAPIHono<IdentityEnv>, ctx: ServiceContext): void {
  app.openapi(deleteAccountRoute, async (c) =>
    c.json(
      await deleteAccount({ ctx, auth: c.get("auth"), input: c.req.valid("json"), meta: requestMeta(c) }),
      200,
    ),
  );
  app.openapi(exportAccountRoute, async (c) =>
    c.json(
      await exportAccount({
        ctx,
        auth: c.get("auth"),
        authorization: c.req.header("authorization") ?? "",
        meta: requestMeta(c),
      }),
      200,
    ),
  );
}
