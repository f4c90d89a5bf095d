import { z } from "@hono/zod-openapi";

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

/** The problem+json responses a route may answer with. */
export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "Missing or invalid access token",
    403: "Needs a staff role (analyst or admin; admin for the pipeline)",
    413: "Body too large",
    429: "Too many batches from this device, account or IP (Retry-After says when to try again)",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}

/** A 200 JSON response with the given schema. */
export const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { "application/json": { schema } } },
});

/** A 202 JSON response with the given schema. */
export const accepted = <T extends z.ZodType>(description: string, schema: T) => ({
  202: { description, content: { "application/json": { schema } } },
});

/** The answers are the domain's views (documented in the README); typed loosely here. */
export const answer = (name: string) => z.record(z.string(), z.unknown()).openapi(name);

const day = z.string().max(10).optional().openapi({ description: "YYYY-MM-DD (in tz)" });
const tz = z.string().max(64).optional().openapi({ description: "IANA time zone, default UTC" });

export const rangeQuery = z.object({ from: day, to: day, tz });
export const activeUsersQuery = rangeQuery.extend({
  granularity: z.string().max(8).optional().openapi({ description: "day | week | month" }),
});
export const retentionQuery = z.object({
  cohort: z.string().max(8).optional().openapi({ description: "week" }),
  weeks: z.string().max(3).optional().openapi({ description: "1..52, default 8" }),
  to: day,
  tz,
});
export const funnelQuery = rangeQuery.extend({
  steps: z.string().max(400).openapi({ example: "app_open,post_open,like" }),
  windowHours: z.string().max(6).optional().openapi({ description: "default 24" }),
});

export const ingestResult = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.array(z.object({ index: z.number().int(), code: z.string(), message: z.string() })),
  })
  .openapi("IngestResult");
