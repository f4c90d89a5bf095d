import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { withTransaction } from "@nova/db";
import { InvalidArgumentError, NotFoundError, PermissionDeniedError } from "@nova/errors";
import { MessageAwaitingDeliverySchema } from "@nova/proto/realtime_chat/v1/chat-events";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import {
  findConversation,
  findMembers,
  lockConversation,
  nextConversationSeq,
  RECEIVING_STATES,
} from "../db/conversation-queries.ts";
import {
  devicesOf,
  type EnvelopeRow,
  findMessageByClientId,
  insertEnvelopes,
  nextDeviceSeq,
} from "../db/envelope-queries.ts";
import { messages } from "../db/schema/index.ts";
import { assertNotBlocked } from "./admission.ts";
import {
  accountIdSchema,
  base64Schema,
  conversationIdSchema,
  deviceIdSchema,
  fromBase64,
  parseInput,
} from "./chat-inputs.ts";
import { envelopeFrame } from "./envelope-frame.ts";
import { type DeviceRef, MismatchedDevicesError } from "./mismatched-devices-error.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** 64 KiB of base64 per envelope: text, reactions, edits and attachment pointers (media ids + keys). */
export const MAX_CIPHERTEXT_CHARS = 64 * 1024;

export const sendMessageSchema = z.object({
  conversationId: conversationIdSchema,
  /** The sending device (its own envelope is not expected). */
  senderDeviceId: deviceIdSchema,
  clientMessageId: z.string().min(1).max(64),
  envelopes: z
    .array(
      z.object({
        accountId: accountIdSchema,
        deviceId: deviceIdSchema,
        /** libsignal's CiphertextMessageType (e.g. 2 whisper, 3 prekey, 7 sender key, 8 plaintext). */
        type: z.number().int().min(0).max(255),
        ciphertext: base64Schema.max(MAX_CIPHERTEXT_CHARS),
      }),
    )
    .min(1)
    .max(2048),
});

type Hint = { accountId: string; deviceId: number; frame: ReturnType<typeof envelopeFrame> };

const ref = (accountId: string, deviceId: number) => `${accountId}:${deviceId}`;

/**
 * Queues one opaque ciphertext per current device of every member (the sender's other devices
 * included, the sending device not) in one transaction, each with the device's next `deviceSeq`,
 * then hints every instance to push them to open sockets. A device set that does not match → 409
 * naming missing and stale devices; the same `clientMessageId` again → the first result, nothing new.
 * Offline devices get a content-free MessageAwaitingDelivery (→ notification-service's push).
 */
export async function sendMessage(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: z.input<typeof sendMessageSchema>;
  traceparent?: string | undefined;
}): Promise<{ seq: number; sentAt: string; duplicate: boolean }> {
  const { ctx } = args;
  const me = requireViewer(args.viewer);
  const input = parseInput(sendMessageSchema, args.input);
  const given = new Map(input.envelopes.map((e) => [ref(e.accountId, e.deviceId), e]));
  if (given.size !== input.envelopes.length)
    throw new InvalidArgumentError("one envelope per device", [
      { field: "envelopes", message: "duplicate device" },
    ]);
  await ctx.writeLimits.consume("messages", me);

  const members = await findMembers(ctx.db.db, input.conversationId);
  const mine = members.find((m) => m.accountId === me);
  if (!mine || !RECEIVING_STATES.includes(mine.state))
    throw new NotFoundError("conversation", input.conversationId);
  if (mine.state === "request") throw new PermissionDeniedError("accept the message request before replying");
  const recipients = members.filter((m) => RECEIVING_STATES.includes(m.state) && m.accountId !== me);
  if (members.some((m) => m.state === "declined"))
    throw new PermissionDeniedError("this account declined the conversation");
  // Blocks hide direct conversations: a blocked pair cannot write to each other there (groups go on).
  const conversation = await findConversation(ctx.db.db, input.conversationId);
  if (conversation?.kind === "direct")
    await assertNotBlocked(
      ctx,
      me,
      recipients.map((r) => r.accountId),
    );
  const online = await ctx.hub.online(input.envelopes).catch(() => input.envelopes.map(() => true));

  const now = ctx.clock();
  const result = await withTransaction(ctx.db.db, async (tx) => {
    const conversation = await lockConversation(tx, input.conversationId);
    if (!conversation) throw new NotFoundError("conversation", input.conversationId);
    const previous = await findMessageByClientId(tx, input.conversationId, me, input.clientMessageId);
    if (previous)
      return { seq: previous.seq, sentAt: previous.sentAt, frames: [] as Hint[], duplicate: true };
    const current = await findMembers(tx, input.conversationId);
    const receiving = current.filter((m) => RECEIVING_STATES.includes(m.state)).map((m) => m.accountId);
    const expected = (await devicesOf(tx, receiving)).filter(
      (d) => !(d.accountId === me && d.deviceId === input.senderDeviceId),
    );
    const expectedKeys = new Set(expected.map((d) => ref(d.accountId, d.deviceId)));
    const missing: DeviceRef[] = expected.filter((d) => !given.has(ref(d.accountId, d.deviceId)));
    const stale: DeviceRef[] = input.envelopes
      .filter((e) => !expectedKeys.has(ref(e.accountId, e.deviceId)))
      .map((e) => ({ accountId: e.accountId, deviceId: e.deviceId }));
    if (missing.length > 0 || stale.length > 0) throw new MismatchedDevicesError(missing, stale);

    const seq = await nextConversationSeq(tx, input.conversationId, now);
    // Devices in one fixed order, so two messages never wait on each other's device rows crosswise.
    const ordered = [...input.envelopes].sort((a, b) =>
      a.accountId === b.accountId ? a.deviceId - b.deviceId : a.accountId < b.accountId ? -1 : 1,
    );
    const rows: EnvelopeRow[] = [];
    for (const e of ordered) {
      rows.push({
        accountId: e.accountId,
        deviceId: e.deviceId,
        deviceSeq: await nextDeviceSeq(tx, e.accountId, e.deviceId),
        conversationId: input.conversationId,
        seq,
        senderId: me,
        senderDeviceId: input.senderDeviceId,
        envelopeType: e.type,
        ciphertext: fromBase64(e.ciphertext),
        sentAt: now,
      });
    }
    await insertEnvelopes(tx, rows);
    await tx.insert(messages).values({
      conversationId: input.conversationId,
      seq,
      senderId: me,
      senderDeviceId: input.senderDeviceId,
      clientMessageId: input.clientMessageId,
      sentAt: now,
    });
    const offline = new Set(
      input.envelopes.filter((_e, i) => !online[i]).map((e) => ref(e.accountId, e.deviceId)),
    );
    for (const row of rows) {
      if (!offline.has(ref(row.accountId, row.deviceId))) continue;
      await ctx.outbox.enqueue(tx, {
        aggregateId: row.accountId,
        schema: MessageAwaitingDeliverySchema,
        payload: create(MessageAwaitingDeliverySchema, {
          conversationId: input.conversationId,
          recipientAccountId: row.accountId,
          recipientDeviceId: String(row.deviceId),
          senderAccountId: me,
          deviceSeq: BigInt(row.deviceSeq),
          sentAt: timestampFromDate(now),
        }),
        traceparent: args.traceparent,
        occurredAt: now,
      });
    }
    return {
      seq,
      sentAt: now,
      frames: rows.map((r) => ({ accountId: r.accountId, deviceId: r.deviceId, frame: envelopeFrame(r) })),
      duplicate: false,
    };
  });
  ctx.chatMetrics.envelopesQueued.inc(result.frames.length);
  await Promise.all(
    result.frames.map((frame) =>
      ctx.hub
        .publish({
          kind: "envelope",
          accountId: frame.accountId,
          deviceId: frame.deviceId,
          frame: frame.frame,
        })
        .catch((err) =>
          ctx.log.warn("delivery hint not published; the socket catches up on its next read", { err }),
        ),
    ),
  );
  return { seq: result.seq, sentAt: result.sentAt.toISOString(), duplicate: result.duplicate };
}
