import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findConversation, findMembers } from "../db/conversation-queries.ts";
import { conversationIdSchema, parseInput } from "./chat-inputs.ts";
import { type ConversationView, conversationView } from "./conversation-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const VISIBLE = new Set(["active", "request"]);

/**
 * One conversation the viewer is in (inbox or requests); 404 for anyone else, and for a direct
 * conversation whose two members are now in a blocked pair (blocks hide existing conversations).
 */
export async function getConversation(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
}): Promise<ConversationView> {
  const { ctx } = args;
  const me = requireViewer(args.viewer);
  const id = parseInput(conversationIdSchema, args.input.id);
  const conversation = await findConversation(ctx.db.db, id);
  if (!conversation) throw new NotFoundError("conversation", id);
  const all = await findMembers(ctx.db.db, id);
  const mine = all.find((m) => m.accountId === me);
  if (!mine || !VISIBLE.has(mine.state)) throw new NotFoundError("conversation", id);
  if (conversation.kind === "direct") {
    const other = all.find((m) => m.accountId !== me)?.accountId;
    if (other && (await ctx.graph.relationships(me, [other])).get(other)?.blocked)
      throw new NotFoundError("conversation", id);
  }
  return conversationView(conversation, mine, all);
}
