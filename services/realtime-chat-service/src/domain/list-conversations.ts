import type { ServiceContext } from "../context.ts";
import { findConversationsOf, findMembersOf } from "../db/conversation-queries.ts";
import { type ConversationView, conversationView } from "./conversation-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const PAGE = 200;

/**
 * The viewer's inbox ("active") or requests folder ("request"), most recently active first, with
 * unread counts. Direct conversations with someone in a blocked pair with the viewer are hidden.
 */
export async function listConversations(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { folder?: "inbox" | "requests" | undefined };
}): Promise<{ conversations: ConversationView[] }> {
  const { ctx } = args;
  const me = requireViewer(args.viewer);
  const state = args.input.folder === "requests" ? "request" : "active";
  const rows = await findConversationsOf(ctx.db.db, me, [state], PAGE);
  const all = await findMembersOf(
    ctx.db.db,
    rows.map((r) => r.conversation.id),
  );
  const byConversation = new Map<string, typeof all>();
  for (const m of all)
    byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
  const directOthers = rows
    .filter((r) => r.conversation.kind === "direct")
    .flatMap((r) => (byConversation.get(r.conversation.id) ?? []).filter((m) => m.accountId !== me))
    .map((m) => m.accountId);
  const relationships = await ctx.graph.relationships(me, directOthers);
  const conversations = rows
    .filter((r) => {
      if (r.conversation.kind !== "direct") return true;
      const other = (byConversation.get(r.conversation.id) ?? []).find((m) => m.accountId !== me);
      return !(other && relationships.get(other.accountId)?.blocked);
    })
    .map((r) => conversationView(r.conversation, r.member, byConversation.get(r.conversation.id) ?? []));
  return { conversations };
}
