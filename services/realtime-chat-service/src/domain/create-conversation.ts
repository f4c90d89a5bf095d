import { withTransaction } from "@nova/db";
import { InvalidArgumentError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { findDirectConversation } from "../db/conversation-queries.ts";
import { conversations, members } from "../db/schema/index.ts";
import { admit, assertNotBlocked } from "./admission.ts";
import { accountIdSchema, parseInput } from "./chat-inputs.ts";
import type { ConversationView } from "./conversation-view.ts";
import { getConversation } from "./get-conversation.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

export const MAX_GROUP_MEMBERS = 256;

export const createConversationSchema = z.object({
  memberIds: z
    .array(accountIdSchema)
    .min(1)
    .max(MAX_GROUP_MEMBERS - 1),
  title: z.string().trim().min(1).max(100).optional(),
});

/**
 * Starts a conversation: direct with one other member (the same pair always gets the same one),
 * a group otherwise (the creator is its owner). Each member's admission (blocks, follows,
 * whoCanMessage) decides whether it lands in their inbox or requests folder, or refuses with 403.
 */
export async function createConversation(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: z.input<typeof createConversationSchema>;
}): Promise<{ conversation: ConversationView; created: boolean }> {
  const { ctx } = args;
  const me = requireViewer(args.viewer);
  const input = parseInput(createConversationSchema, args.input);
  const others = [...new Set(input.memberIds)].filter((id) => id !== me);
  if (others.length === 0)
    throw new InvalidArgumentError("a conversation needs another member", [
      { field: "memberIds", message: "must name someone other than yourself" },
    ]);
  const direct = others.length === 1 && input.title === undefined;
  const directKey = direct ? [me, others[0]].sort().join(":") : null;
  if (directKey) {
    const existing = await findDirectConversation(ctx.db.db, directKey);
    if (existing) {
      await assertNotBlocked(ctx, me, others);
      return { conversation: await viewOf(ctx, existing.id, me), created: false };
    }
  }
  const admitted = await admit(ctx, me, others);
  await ctx.writeLimits.consume("conversations", me);
  const now = ctx.clock();
  const id = Bun.randomUUIDv7();
  const created = await withTransaction(ctx.db.db, async (tx) => {
    const inserted = await tx
      .insert(conversations)
      .values({
        id,
        kind: direct ? "direct" : "group",
        title: input.title ?? null,
        directKey,
        createdBy: me,
        createdAt: now,
        lastActivityAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: conversations.id });
    if (inserted.length === 0) return false;
    await tx.insert(members).values([
      {
        conversationId: id,
        accountId: me,
        role: direct ? "member" : "owner",
        state: "active",
        joinedAt: now,
      },
      ...others.map((accountId) => ({
        conversationId: id,
        accountId,
        role: "member" as const,
        state: admitted.get(accountId) ?? ("request" as const),
        joinedAt: now,
      })),
    ]);
    return true;
  });
  if (!created && directKey) {
    const raced = await findDirectConversation(ctx.db.db, directKey);
    if (raced) return { conversation: await viewOf(ctx, raced.id, me), created: false };
  }
  return { conversation: await viewOf(ctx, id, me), created: true };
}

function viewOf(ctx: ServiceContext, id: string, me: string): Promise<ConversationView> {
  return getConversation({ ctx, viewer: { accountId: me }, input: { id } });
}
