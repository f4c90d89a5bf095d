import { requireAccountOwner } from "@nova/auth";
import { count, eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { findDevices } from "../db/key-queries.ts";
import { envelopes, members } from "../db/schema/index.ts";
import { toBase64 } from "./chat-inputs.ts";
import type { Viewer } from "./viewer.ts";

/**
 * realtime-chat-service's section of the account export: devices with their public identity keys,
 * conversation memberships, and how many envelopes wait undelivered. No content exists to export.
 * Only for the account itself (the verified token's subject).
 */
export async function exportAccountData(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { accountId: string };
}) {
  const accountId = requireAccountOwner(args.viewer, args.input.accountId);
  const db = args.ctx.db.db;
  const [deviceRows, memberRows, pending] = await Promise.all([
    findDevices(db, accountId),
    db.select().from(members).where(eq(members.accountId, accountId)),
    db.select({ n: count() }).from(envelopes).where(eq(envelopes.accountId, accountId)),
  ]);
  return {
    devices: deviceRows.map((d) => ({
      deviceId: d.deviceId,
      registrationId: d.registrationId,
      identityKey: toBase64(d.identityKey),
      createdAt: d.createdAt.toISOString(),
    })),
    conversations: memberRows.map((m) => ({
      conversationId: m.conversationId,
      role: m.role,
      state: m.state,
      joinedAt: m.joinedAt.toISOString(),
    })),
    undeliveredEnvelopes: Number(pending[0]?.n ?? 0),
  };
}
