import { withTransaction } from "@nova/db";
import { FailedPreconditionError, NotFoundError } from "@nova/errors";
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { findMember } from "../db/conversation-queries.ts";
import { members } from "../db/schema/index.ts";
import { conversationIdSchema, parseInput } from "./chat-inputs.ts";
import type { ConversationView } from "./conversation-view.ts";
import { getConversation } from "./get-conversation.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Accepts a message request (the conversation moves to the inbox) or declines it (it disappears for
 * the viewer and nothing more is delivered to them in it). Only a pending request can be answered.
 */
export async function answerRequest(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string; accept: boolean };
}): Promise<{ conversation: ConversationView | null }> {
  const { ctx } = args;
  const me = requireViewer(args.viewer);
  const id = parseInput(conversationIdSchema, args.input.id);
  await withTransaction(ctx.db.db, async (tx) => {
    const mine = await findMember(tx, id, me);
    if (!mine) throw new NotFoundError("conversation", id);
    if (mine.state !== "request")
      throw new FailedPreconditionError("this conversation is not a pending request");
    await tx
      .update(members)
      .set({ state: args.input.accept ? "active" : "declined" })
      .where(and(eq(members.conversationId, id), eq(members.accountId, me)));
  });
  return {
    conversation: args.input.accept
      ? await getConversation({ ctx, viewer: args.viewer, input: { id } })
      : null,
  };
}
