import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { insertSession } from "../db/session-queries.ts";
import type { RequestMeta } from "./request-meta.ts";
import { issueTokenPair, type TokenPair } from "./token-pair.ts";

/** Opens a session (a device login) and issues its first token pair. */
export async function startSession(
  ctx: ServiceContext,
  db: Database,
  input: { accountId: string; method: string; meta: RequestMeta; deviceName?: string },
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
  return issueTokenPair(ctx, db, input.accountId, session.id);
}
