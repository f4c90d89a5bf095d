import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { insertSession } from "../db/session-queries.ts";
import { issueDeviceToken } from "../security/device-token.ts";
import type { RequestMeta } from "./request-meta.ts";
import { issueTokenPair, type TokenPair } from "./token-pair.ts";

/**
 * Opens a session (a device login) and issues its first token pair, plus the device token that
 * makes this device "known" to the account at its next login (`deviceId`: the device's id when it
 * proved one, else a new one).
 */
export async function startSession(
  ctx: ServiceContext,
  db: Database,
  input: { accountId: string; method: string; meta: RequestMeta; deviceName?: string; deviceId?: string },
): Promise<TokenPair> {
  const now = ctx.clock();
  const session = await insertSession(db, {
    id: Bun.randomUUIDv7(),
    accountId: input.accountId,
    deviceName: (input.deviceName ?? "").slice(0, 100),
    ip: input.meta.ip,
    userAgent: input.meta.userAgent,
    method: input.method,
    createdAt: now,
    lastSeenAt: now,
  });
  const pair = await issueTokenPair(ctx, db, input.accountId, session.id);
  const deviceToken = await issueDeviceToken(
    ctx.keys,
    { accountId: input.accountId, deviceId: input.deviceId ?? Bun.randomUUIDv7() },
    now,
  );
  return { ...pair, deviceToken };
}
