import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { listStaff } from "../domain/list-staff.ts";
import type { IdentityEnv } from "./identity-env.ts";
import { json, problems, StaffListSchema } from "./schemas.ts";

export const staffRoute = createRoute({
  method: "get",
  path: "/api/v1/staff",
  tags: ["staff"],
  security: [{ bearerAuth: [] }],
  summary: "Every account holding a staff role (admin only)",
  responses: { 200: json(StaffListSchema, "staff accounts and their roles"), ...problems(401, 403) },
});

export const STAFF_PROTECTED = [staffRoute.path];

export function mountStaffRoutes(app: OpenAPIHono<IdentityEnv>, ctx: ServiceContext): void {
  app.openapi(staffRoute, async (c) => c.json({ staff: await listStaff({ ctx, auth: c.get("auth") }) }, 200));
}
