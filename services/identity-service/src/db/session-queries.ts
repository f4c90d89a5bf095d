import type { Database } from "@nova/db";
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import { type SessionRow, sessions } from "./schema/index.ts";

export async function insertSession(db: Database, values: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(values).returning();
  if (!row) throw new Error("insert returned no session");
  return row;
}

export async function findSession(db: Database, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

/** Active sessions of an account, newest first. */
export function listActiveSessions(db: Database, accountId: string): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Revokes one session if still active; returns whether it was. */
export async function revokeSession(db: Database, id: string, reason: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Revokes every active session of an account, optionally sparing one; returns their ids. */
export async function revokeAccountSessions(
  db: Database,
  accountId: string,
  reason: string,
  at: Date,
  except?: string,
): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(
      and(
        eq(sessions.accountId, accountId),
        isNull(sessions.revokedAt),
        except ? ne(sessions.id, except) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

export async function touchSession(
  db: Database,
  id: string,
  at: Date,
  ip: string,
  userAgent: string,
): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at, ip, userAgent }).where(eq(sessions.id, id));
}

/** Every session of an account, revoked ones included, newest first (account export). */
export function listAccountSessions(db: Database, accountId: string): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(eq(sessions.accountId, accountId))
    .orderBy(desc(sessions.createdAt));
}
