import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { assignCase } from "../domain/assign-case.ts";
import { fileAppeal } from "../domain/file-appeal.ts";
import { getStats } from "../domain/get-stats.ts";
import { listAudit } from "../domain/list-audit.ts";
import { listMyReports } from "../domain/list-my-reports.ts";
import { listQueue } from "../domain/list-queue.ts";
import { submitReport } from "../domain/submit-report.ts";
import { takeAction } from "../domain/take-action.ts";
import {
  actionBody,
  actionViewSchema,
  appealBody,
  appealViewSchema,
  auditQuery,
  auditViewSchema,
  caseParams,
  caseViewSchema,
  created,
  ok,
  problems,
  queueQuery,
  reportBody,
  reportViewSchema,
  statsSchema,
} from "./schemas.ts";
import type { TrustSafetyEnv } from "./ts-env.ts";

const bearer = [{ bearerAuth: [] }];
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

export const reportRoute = createRoute({
  method: "post",
  path: "/api/v1/reports",
  tags: ["reports"],
  summary: "Report a post, comment, account or message (one report per subject)",
  security: bearer,
  request: body(reportBody),
  responses: { ...created("The report", reportViewSchema), ...problems(400, 401, 404, 409, 503) },
});
export const myReportsRoute = createRoute({
  method: "get",
  path: "/api/v1/reports/mine",
  tags: ["reports"],
  summary: "Your reports and their status",
  security: bearer,
  responses: {
    ...ok("Your reports, newest first", z.object({ items: z.array(reportViewSchema) })),
    ...problems(401),
  },
});
export const queueRoute = createRoute({
  method: "get",
  path: "/api/v1/moderation/queue",
  tags: ["moderation"],
  summary: "Cases (one per subject), by priority or age (moderators)",
  security: bearer,
  request: { query: queueQuery },
  responses: { ...ok("Cases", z.object({ items: z.array(caseViewSchema) })), ...problems(400, 401, 403) },
});
export const assignRoute = createRoute({
  method: "post",
  path: "/api/v1/moderation/cases/{id}/assign",
  tags: ["moderation"],
  summary: "Assign a case (to yourself by default)",
  security: bearer,
  request: {
    params: caseParams,
    body: {
      content: { "application/json": { schema: z.object({ assigneeId: z.string().max(64).optional() }) } },
      required: false,
    },
  },
  responses: {
    ...ok("The assignment", z.object({ caseId: z.string(), assigneeId: z.string() })),
    ...problems(400, 401, 403, 404, 412),
  },
});
export const actionRoute = createRoute({
  method: "post",
  path: "/api/v1/moderation/cases/{id}/actions",
  tags: ["moderation"],
  summary: "Decide a case: dismiss/label/hide/remove/limit/suspend/ban, or overturn/uphold an appeal",
  security: bearer,
  request: { params: caseParams, ...body(actionBody) },
  responses: { ...created("The action", actionViewSchema), ...problems(400, 401, 403, 404, 412) },
});
export const auditRoute = createRoute({
  method: "get",
  path: "/api/v1/moderation/audit",
  tags: ["moderation"],
  summary: "The audit log, newest first (moderators)",
  security: bearer,
  request: { query: auditQuery },
  responses: {
    ...ok("Audit entries", z.object({ items: z.array(auditViewSchema) })),
    ...problems(400, 401, 403),
  },
});
export const statsRoute = createRoute({
  method: "get",
  path: "/api/v1/moderation/stats",
  tags: ["moderation"],
  summary: "Transparency numbers (admins)",
  security: bearer,
  responses: { ...ok("Stats", statsSchema), ...problems(401, 403) },
});
export const appealRoute = createRoute({
  method: "post",
  path: "/api/v1/appeals",
  tags: ["appeals"],
  summary: "Appeal an action taken against your account or content (allowed while suspended)",
  security: bearer,
  request: body(appealBody),
  responses: { ...created("The appeal", appealViewSchema), ...problems(400, 401, 404, 409, 412) },
});

const opt = (v: string | undefined) => (v === undefined ? {} : { limit: v });

export function mountRoutes(app: OpenAPIHono<TrustSafetyEnv>, ctx: ServiceContext): void {
  app.openapi(reportRoute, async (c) =>
    c.json(await submitReport({ ctx, auth: c.get("auth"), input: c.req.valid("json") }), 201),
  );
  app.openapi(myReportsRoute, async (c) =>
    c.json({ items: await listMyReports({ ctx, auth: c.get("auth") }) }, 200),
  );
  app.openapi(queueRoute, async (c) => {
    const { limit, ...q } = c.req.valid("query");
    return c.json(
      { items: await listQueue({ ctx, auth: c.get("auth"), input: { ...q, ...opt(limit) } as never }) },
      200,
    );
  });
  app.openapi(assignRoute, async (c) => {
    const raw = await c.req.json().catch(() => ({}));
    const assigneeId = typeof raw === "object" && raw && "assigneeId" in raw ? raw.assigneeId : undefined;
    return c.json(
      await assignCase({
        ctx,
        auth: c.get("auth"),
        input: {
          caseId: c.req.valid("param").id,
          ...(assigneeId !== undefined ? { assigneeId } : {}),
        } as never,
      }),
      200,
    );
  });
  app.openapi(actionRoute, async (c) =>
    c.json(
      await takeAction({
        ctx,
        auth: c.get("auth"),
        input: { caseId: c.req.valid("param").id, action: c.req.valid("json") },
      }),
      201,
    ),
  );
  app.openapi(auditRoute, async (c) => {
    const { limit, ...q } = c.req.valid("query");
    return c.json(
      { items: await listAudit({ ctx, auth: c.get("auth"), input: { ...q, ...opt(limit) } }) },
      200,
    );
  });
  app.openapi(statsRoute, async (c) => c.json(await getStats({ ctx, auth: c.get("auth") }), 200));
  app.openapi(appealRoute, async (c) =>
    c.json(await fileAppeal({ ctx, auth: c.get("auth"), input: c.req.valid("json") }), 201),
  );
}
