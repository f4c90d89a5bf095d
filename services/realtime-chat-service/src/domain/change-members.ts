import { withTransaction } from "@nova/db";
import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
} from "@nova/errors";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { findMembers, lockConversation, RECEIVING_STATES } from "../db/conversation-queries.ts";
import { conversations, members } from "../db/schema/index.ts";
import { admit } from "./admission.ts";
import { accountIdSchema, conversationIdSchema, parseInput } from "./chat-inputs.ts";
import type { ConversationView } from "./conversation-view.ts";
import { MAX_GROUP_MEMBERS } from "./create-conversation.ts";
import { getConversation } from "./get-conversation.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

export const changeMembersSchema = z.object({
  id: conversationIdSchema,
  add: z.array(accountIdSchema).max(MAX_GROUP_MEMBERS).default([]),
  remove: z.array(accountIdSchema).max(MAX_GROUP_MEMBERS).default([]),
  title: z.string().trim().min(1).max(100).optional(),
  /** Owner only: make members admins or members again. */
  roles: z
    .array(z.object({ accountId: accountIdSchema, role: z.enum(["admin", "member"]) }))
    .max(MAX_GROUP_MEMBERS)
    .default([]),
});

const isAdmin = (role: string) => role === "owner" || role === "admin";

/**
 * Changes a group: owners and admins add members (each admitted as at creation), remove members
 * (not the owner) and change the title; the owner alone makes members admins (or members again). A removed member gets no envelope from then on: the next
 * message's device set no longer includes theirs (their clients drop the group's sender state).
 */
export async function changeMembers(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: z.input<typeof changeMembersSchema>;
}): Promise<ConversationView> {
  const { ctx } = args;
  const me = requireViewer(args.viewer);
  const input = parseInput(changeMembersSchema, args.input);
  const admitted = input.add.length > 0 ? await admit(ctx, me, input.add) : new Map();
  await withTransaction(ctx.db.db, async (tx) => {
    const conversation = await lockConversation(tx, input.id);
    const all = conversation ? await findMembers(tx, input.id) : [];
    const mine = all.find((m) => m.accountId === me);
    if (!conversation || !mine || mine.state !== "active") throw new NotFoundError("conversation", input.id);
    if (conversation.kind !== "group")
      throw new FailedPreconditionError("a direct conversation has fixed members");
    if (!isAdmin(mine.role))
      throw new PermissionDeniedError("only the group's owner and admins may change it");
    const current = new Set(all.filter((m) => RECEIVING_STATES.includes(m.state)).map((m) => m.accountId));
    const adding = input.add.filter((id) => !current.has(id) && id !== me);
    if (current.size + adding.length > MAX_GROUP_MEMBERS)
      throw new InvalidArgumentError(`a group has at most ${MAX_GROUP_MEMBERS} members`, [
        { field: "add", message: "too many members" },
      ]);
    for (const accountId of adding) {
      await tx
        .insert(members)
        .values({
          conversationId: input.id,
          accountId,
          role: "member",
          state: admitted.get(accountId) ?? "request",
        })
        .onConflictDoUpdate({
          target: [members.conversationId, members.accountId],
          set: { role: "member", state: admitted.get(accountId) ?? "request", joinedAt: ctx.clock() },
        });
    }
    for (const accountId of input.remove) {
      const target = all.find((m) => m.accountId === accountId);
      if (!target || !current.has(accountId)) continue;
      if (target.role === "owner") throw new PermissionDeniedError("the owner cannot be removed");
      await tx
        .update(members)
        .set({ state: "removed" })
        .where(and(eq(members.conversationId, input.id), eq(members.accountId, accountId)));
    }
    if (input.roles.length > 0 && mine.role !== "owner")
      throw new PermissionDeniedError("only the group's owner may change roles");
    for (const { accountId, role } of input.roles) {
      const target = all.find((m) => m.accountId === accountId);
      if (target?.state !== "active" || target.role === "owner") continue;
      await tx
        .update(members)
        .set({ role })
        .where(and(eq(members.conversationId, input.id), eq(members.accountId, accountId)));
    }
    if (input.title !== undefined)
      await tx.update(conversations).set({ title: input.title }).where(eq(conversations.id, input.id));
  });
  return getConversation({ ctx, viewer: args.viewer, input: { id: input.id } });
}

/** The viewer leaves a group (an owner leaving hands ownership to the longest-standing member). */
export async function leaveConversation(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
}): Promise<{ left: boolean }> {
  const { ctx } = args;
  const me = requireViewer(args.viewer);
  const id = parseInput(conversationIdSchema, args.input.id);
  await withTransaction(ctx.db.db, async (tx) => {
    const conversation = await lockConversation(tx, id);
    const all = conversation ? await findMembers(tx, id) : [];
    const mine = all.find((m) => m.accountId === me);
    if (!conversation || !mine || !RECEIVING_STATES.includes(mine.state))
      throw new NotFoundError("conversation", id);
    if (conversation.kind !== "group")
      throw new FailedPreconditionError("a direct conversation cannot be left");
    await tx
      .update(members)
      .set({ state: "left", role: "member" })
      .where(and(eq(members.conversationId, id), eq(members.accountId, me)));
    if (mine.role === "owner") {
      const heir = all
        .filter((m) => m.accountId !== me && m.state === "active")
        .sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime())[0];
      if (heir)
        await tx
          .update(members)
          .set({ role: "owner" })
          .where(and(eq(members.conversationId, id), eq(members.accountId, heir.accountId)));
    }
  });
  return { left: true };
}
