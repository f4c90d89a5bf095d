import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { findMembers, RECEIVING_STATES } from "../db/conversation-queries.ts";
import { members } from "../db/schema/index.ts";
import { conversationIdSchema } from "./chat-inputs.ts";

const signalSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("typing"),
    conversationId: conversationIdSchema,
    typing: z.boolean().default(true),
  }),
  z.object({
    type: z.literal("receipt"),
    conversationId: conversationIdSchema,
    kind: z.enum(["delivered", "read"]),
    upToSeq: z.number().int().min(1),
  }),
]);

/**
 * Relays a typing indicator or a delivery/read receipt to the other members' open sockets (not
 * stored, not pushed). A read receipt also moves the reader's unread count.
 */
export async function relaySignal(
  ctx: ServiceContext,
  from: { accountId: string; deviceId: number },
  raw: unknown,
): Promise<void> {
  const signal = signalSchema.parse(raw);
  const all = await findMembers(ctx.db.db, signal.conversationId);
  const mine = all.find((m) => m.accountId === from.accountId);
  if (mine?.state !== "active") throw new Error("not a member of this conversation");
  if (signal.type === "receipt" && signal.kind === "read")
    await ctx.db.db
      .update(members)
      .set({ readSeq: signal.upToSeq })
      .where(and(eq(members.conversationId, signal.conversationId), eq(members.accountId, from.accountId)));
  await ctx.hub.publish({
    kind: "signal",
    accountIds: all.filter((m) => RECEIVING_STATES.includes(m.state)).map((m) => m.accountId),
    except: from,
    frame: { ...signal, senderId: from.accountId, senderDeviceId: from.deviceId },
  });
}
