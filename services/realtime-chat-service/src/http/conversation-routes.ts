import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { ackEnvelopes } from "../domain/ack-envelopes.ts";
import { answerRequest } from "../domain/answer-request.ts";
import { changeMembers, leaveConversation } from "../domain/change-members.ts";
import { createConversation } from "../domain/create-conversation.ts";
import { getConversation } from "../domain/get-conversation.ts";
import { listBacklog } from "../domain/list-backlog.ts";
import { listConversations } from "../domain/list-conversations.ts";
import { sendMessage } from "../domain/send-message.ts";
import type { ChatEnv } from "./chat-env.ts";
import { withChatErrors } from "./chat-errors.ts";
import {
  conversationParams,
  conversationSchema,
  created,
  deviceParams,
  ok,
  problems,
  queuedItemSchema,
  sendBody,
} from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

const createRouteDef = createRoute({
  method: "post",
  path: "/api/v1/chat/conversations",
  tags: ["conversations"],
  summary: "Start a direct conversation (one other member; idempotent per pair) or a group",
  security: bearer,
  request: {
    body: json(z.object({ memberIds: z.array(z.string()).max(255), title: z.string().max(100).optional() })),
  },
  responses: {
    ...created("Created", conversationSchema),
    ...ok("The existing direct conversation", conversationSchema),
    ...problems(400, 401, 403, 429, 503),
  },
});
const listRoute = createRoute({
  method: "get",
  path: "/api/v1/chat/conversations",
  tags: ["conversations"],
  summary: "Your inbox (or, with folder=requests, your message requests), with unread counts",
  security: bearer,
  request: { query: z.object({ folder: z.enum(["inbox", "requests"]).optional() }) },
  responses: {
    ...ok("Conversations", z.object({ conversations: z.array(conversationSchema) })),
    ...problems(400, 401),
  },
});
const getRoute = createRoute({
  method: "get",
  path: "/api/v1/chat/conversations/{id}",
  tags: ["conversations"],
  summary: "One of your conversations (metadata only)",
  security: bearer,
  request: { params: conversationParams },
  responses: { ...ok("The conversation", conversationSchema), ...problems(400, 401, 404) },
});
const changeRoute = createRoute({
  method: "patch",
  path: "/api/v1/chat/conversations/{id}",
  tags: ["conversations"],
  summary: "Group owners/admins: add or remove members, change the title; owner: set roles",
  security: bearer,
  request: {
    params: conversationParams,
    body: json(
      z.object({
        add: z.array(z.string()).max(256).optional(),
        remove: z.array(z.string()).max(256).optional(),
        title: z.string().max(100).optional(),
        roles: z
          .array(z.object({ accountId: z.string(), role: z.enum(["admin", "member"]) }))
          .max(256)
          .optional(),
      }),
    ),
  },
  responses: { ...ok("The conversation", conversationSchema), ...problems(400, 401, 403, 404, 412) },
});
const leaveRoute = createRoute({
  method: "post",
  path: "/api/v1/chat/conversations/{id}/leave",
  tags: ["conversations"],
  summary: "Leave a group",
  security: bearer,
  request: { params: conversationParams },
  responses: { ...ok("Left", z.object({ left: z.boolean() })), ...problems(400, 401, 404, 412) },
});
const answerRoute = (verb: "accept" | "decline") =>
  createRoute({
    method: "post",
    path: `/api/v1/chat/conversations/{id}/${verb}`,
    tags: ["message requests"],
    summary: verb === "accept" ? "Accept a message request" : "Decline a message request",
    security: bearer,
    request: { params: conversationParams },
    responses: {
      ...ok("Answered", z.object({ conversation: conversationSchema.nullable() })),
      ...problems(400, 401, 404, 412),
    },
  });
const acceptRoute = answerRoute("accept");
const declineRoute = answerRoute("decline");
const sendRoute = createRoute({
  method: "post",
  path: "/api/v1/chat/conversations/{id}/messages",
  tags: ["messages"],
  summary: "Send one opaque envelope per current device of every member (409 when the set does not match)",
  security: bearer,
  request: { params: conversationParams, body: json(sendBody) },
  responses: {
    ...ok("Queued", z.object({ seq: z.number().int(), sentAt: z.string(), duplicate: z.boolean() })),
    ...problems(400, 401, 403, 404, 409, 429, 503),
  },
});
const backlogRoute = createRoute({
  method: "get",
  path: "/api/v1/chat/devices/{deviceId}/messages",
  tags: ["messages"],
  summary: "Your device's undelivered envelopes after a deviceSeq (the WebSocket sends the same)",
  security: bearer,
  request: {
    params: deviceParams,
    query: z.object({ after: z.string().max(20).optional(), limit: z.string().max(4).optional() }),
  },
  responses: {
    ...ok(
      "A page",
      z.object({ envelopes: z.array(queuedItemSchema), nextAfter: z.number().int().nullable() }),
    ),
    ...problems(400, 401, 404),
  },
});
const ackRoute = createRoute({
  method: "post",
  path: "/api/v1/chat/devices/{deviceId}/ack",
  tags: ["messages"],
  summary: "Acknowledge everything up to a deviceSeq (those envelopes are deleted)",
  security: bearer,
  request: { params: deviceParams, body: json(z.object({ upTo: z.number().int().min(0) })) },
  responses: { ...ok("Deleted", z.object({ deleted: z.number().int() })), ...problems(400, 401) },
});

export function mountConversationRoutes(app: OpenAPIHono<ChatEnv>, ctx: ServiceContext): void {
  app.openapi(createRouteDef, async (c) => {
    const { conversation, created } = await createConversation({
      ctx,
      viewer: c.get("auth"),
      input: c.req.valid("json"),
    });
    return c.json(conversation, created ? 201 : 200);
  });
  app.openapi(listRoute, async (c) =>
    c.json(await listConversations({ ctx, viewer: c.get("auth"), input: c.req.valid("query") }), 200),
  );
  app.openapi(getRoute, async (c) =>
    c.json(await getConversation({ ctx, viewer: c.get("auth"), input: c.req.valid("param") }), 200),
  );
  app.openapi(changeRoute, async (c) =>
    c.json(
      await changeMembers({
        ctx,
        viewer: c.get("auth"),
        input: { ...c.req.valid("json"), id: c.req.valid("param").id },
      }),
      200,
    ),
  );
  app.openapi(leaveRoute, async (c) =>
    c.json(await leaveConversation({ ctx, viewer: c.get("auth"), input: c.req.valid("param") }), 200),
  );
  app.openapi(acceptRoute, async (c) =>
    c.json(
      await answerRequest({
        ctx,
        viewer: c.get("auth"),
        input: { id: c.req.valid("param").id, accept: true },
      }),
      200,
    ),
  );
  app.openapi(declineRoute, async (c) =>
    c.json(
      await answerRequest({
        ctx,
        viewer: c.get("auth"),
        input: { id: c.req.valid("param").id, accept: false },
      }),
      200,
    ),
  );
  app.openapi(
    sendRoute,
    (c) =>
      withChatErrors(c.get("requestId"), async () =>
        c.json(
          await sendMessage({
            ctx,
            viewer: c.get("auth"),
            input: { ...c.req.valid("json"), conversationId: c.req.valid("param").id },
            traceparent: formatTraceparent(c.get("trace")),
          }),
          200,
        ),
      ) as never,
  );
  app.openapi(backlogRoute, async (c) =>
    c.json(
      await listBacklog({
        ctx,
        viewer: c.get("auth"),
        input: { deviceId: c.req.valid("param").deviceId as unknown as number, ...c.req.valid("query") },
      }),
      200,
    ),
  );
  app.openapi(ackRoute, async (c) =>
    c.json(
      await ackEnvelopes({
        ctx,
        viewer: c.get("auth"),
        input: {
          deviceId: c.req.valid("param").deviceId as unknown as number,
          upTo: c.req.valid("json").upTo,
        },
      }),
      200,
    ),
  );
}
