import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { getFollowCounts } from "../domain/get-follow-counts.ts";
import { getMyRelationships } from "../domain/get-relationships.ts";
import { type Connection, listConnections } from "../domain/list-connections.ts";
import { listMyEdges, type MyEdges } from "../domain/list-my-edges.ts";
import { suggestAccounts } from "../domain/suggest-accounts.ts";
import type { GraphEnv } from "./graph-env.ts";
import {
  accountPageSchema,
  bearer,
  countsSchema,
  idParam,
  ok,
  pageQuery,
  problems,
  relationshipSchema,
  suggestionSchema,
} from "./schemas.ts";

const connectionRoute = (connection: Connection, summary: string) =>
  createRoute({
    method: "get",
    path: `/api/v1/users/{id}/${connection}`,
    tags: ["follows"],
    summary,
    request: { params: idParam, query: pageQuery },
    responses: { ...ok(accountPageSchema, "A page, newest first"), ...problems(400, 403) },
  });

const myRoute = (which: MyEdges, path: string, summary: string, tag: string) =>
  createRoute({
    method: "get",
    path,
    tags: [tag],
    summary,
    security: bearer,
    request: { query: pageQuery },
    responses: { ...ok(accountPageSchema, "A page, newest first"), ...problems(400, 401) },
    operationId: `list_${which}`,
  });

export const countsRoute = createRoute({
  method: "get",
  path: "/api/v1/users/{id}/follow-counts",
  tags: ["follows"],
  summary: "Follower and following counts",
  request: { params: idParam },
  responses: { ...ok(countsSchema, "Counts"), ...problems(400) },
});

export const relationshipsRoute = createRoute({
  method: "get",
  path: "/api/v1/relationships",
  tags: ["follows"],
  summary: "Your relationship to up to 100 accounts (ids comma-separated), in request order",
  security: bearer,
  request: {
    query: z.object({ ids: z.string().max(4000).openapi({ description: "comma-separated account ids" }) }),
  },
  responses: { ...ok(z.array(relationshipSchema), "Relationships"), ...problems(400, 401) },
});

export const suggestionsRoute = createRoute({
  method: "get",
  path: "/api/v1/users/me/suggestions",
  tags: ["follows"],
  summary: "Who to follow: friends of friends, by mutual count then recency",
  security: bearer,
  request: {
    query: z.object({ limit: z.string().optional().openapi({ description: "1..50, default 20" }) }),
  },
  responses: { ...ok(z.array(suggestionSchema), "Suggestions"), ...problems(400, 401) },
});

/** Lists (followers, following, mutuals, own requests/blocks/mutes), counts, relationships, suggestions. */
export function mountListRoutes(app: OpenAPIHono<GraphEnv>, ctx: ServiceContext): void {
  // `/users/me/...` first, so "me" is never taken for an id.
  for (const [which, path, summary, tag] of [
    [
      "incoming_requests",
      "/api/v1/users/me/follow-requests/incoming",
      "Follow requests to you",
      "follow requests",
    ],
    [
      "outgoing_requests",
      "/api/v1/users/me/follow-requests/outgoing",
      "Your pending follow requests",
      "follow requests",
    ],
    ["blocked", "/api/v1/users/me/blocks", "Accounts you block", "blocks and mutes"],
    ["muted", "/api/v1/users/me/mutes", "Accounts you mute", "blocks and mutes"],
  ] as const) {
    app.openapi(myRoute(which, path, summary, tag), async (c) =>
      c.json(await listMyEdges({ ctx, viewer: c.get("auth"), which, input: c.req.valid("query") }), 200),
    );
  }
  app.openapi(suggestionsRoute, async (c) =>
    c.json(await suggestAccounts({ ctx, viewer: c.get("auth"), input: c.req.valid("query") }), 200),
  );
  for (const [connection, summary] of [
    ["followers", "An account's followers (hidden for private accounts unless you are an approved follower)"],
    ["following", "Accounts an account follows (same visibility as followers)"],
    ["mutuals", "Accounts that follow this account and that it follows back"],
  ] as const) {
    app.openapi(connectionRoute(connection, summary), async (c) =>
      c.json(
        await listConnections({
          ctx,
          viewer: c.get("auth"),
          connection,
          input: { ...c.req.valid("query"), id: c.req.valid("param").id },
        }),
        200,
      ),
    );
  }
  app.openapi(countsRoute, async (c) => {
    const [counts] = await getFollowCounts({ ctx, input: { ids: [c.req.valid("param").id] } });
    return c.json(counts as NonNullable<typeof counts>, 200);
  });
  app.openapi(relationshipsRoute, async (c) => {
    const ids = c.req
      .valid("query")
      .ids.split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    return c.json(await getMyRelationships({ ctx, viewer: c.get("auth"), input: { ids } }), 200);
  });
}
