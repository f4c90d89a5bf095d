import type { Database } from "@nova/db";
import { DomainError } from "@nova/errors";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { type AccountSuspensionRow, accountSuspensions } from "../db/schema/index.ts";

/** The suspension or ban in force on the account now (a ban before a suspension), if any. */
export async function findLiveSuspension(
  db: Database,
  accountId: string,
  now: Date,
): Promise<AccountSuspensionRow | undefined> {
  const rows = await db
    .select()
    .from(accountSuspensions)
    .where(
      and(
        eq(accountSuspensions.accountId, accountId),
        or(isNull(accountSuspensions.expiresAt), gt(accountSuspensions.expiresAt, now)),
      ),
    )
    .orderBy(desc(accountSuspensions.createdAt));
  return rows.find((r) => r.action === "ban") ?? rows[0];
}

/**
 * 403 naming the suspension: what, why, until when, and where to appeal (the action id is what
 * POST /api/v1/appeals takes; the account may appeal with the token it already has).
 */
export function suspendedError(ctx: ServiceContext, s: AccountSuspensionRow): DomainError {
  const what = s.action === "ban" ? "banned" : "suspended";
  const until = s.expiresAt ? ` until ${s.expiresAt.toISOString()}` : "";
  return new DomainError(
    "permission_denied",
    `this account is ${what}${until}: ${s.reason}. Appeal at ${ctx.config.extra.APPEAL_URL} with actionId ${s.actionId}`,
    {
      extensions: {
        suspension: {
          action: s.action,
          actionId: s.actionId,
          reason: s.reason,
          expiresAt: s.expiresAt?.toISOString() ?? null,
        },
        appealUrl: ctx.config.extra.APPEAL_URL,
      },
    },
  );
}

/** Throws the 403 above when the account is suspended or banned. */
export async function assertNotSuspended(
  ctx: ServiceContext,
  db: Database,
  accountId: string,
): Promise<void> {
  const live = await findLiveSuspension(db, accountId, ctx.clock());
  if (live) throw suspendedError(ctx, live);
}
