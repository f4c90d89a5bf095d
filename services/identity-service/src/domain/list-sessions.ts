import type { AuthContext } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { listActiveSessions } from "../db/session-queries.ts";
import { requireLiveSession } from "./require-live-session.ts";

/** A device login as its owner sees it. */
export interface SessionView {
  id: string;
  deviceName: string;
  ip: string;
  userAgent: string;
  method: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** The caller's own active sessions (nobody can list another account's). */
export async function listSessions({
  ctx,
  auth,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
}): Promise<SessionView[]> {
  const { account, session: current } = await requireLiveSession(ctx, auth);
  const rows = await listActiveSessions(ctx.db.db, account.id);
  return rows.map((s) => ({
    id: s.id,
    deviceName: s.deviceName,
    ip: s.ip,
    userAgent: s.userAgent,
    method: s.method,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    current: s.id === current.id,
  }));
}
