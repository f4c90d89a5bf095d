import { InvalidArgumentError, NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findAccountsByIds } from "../db/account-queries.ts";
import type { AccountRow } from "../db/schema/index.ts";

export interface AccountStatusView {
  accountId: string;
  state: "active" | "locked" | "deleted";
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  lockedUntil: Date | null;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_BATCH = 100;

function toStatus(row: AccountRow, now: Date): AccountStatusView {
  const locked = row.lockedUntil !== null && row.lockedUntil > now;
  return {
    accountId: row.id,
    state: row.status === "deleted" ? "deleted" : locked ? "locked" : "active",
    emailVerified: row.emailVerifiedAt !== null,
    twoFactorEnabled: row.totpEnabledAt !== null,
    lockedUntil: locked ? row.lockedUntil : null,
    createdAt: row.createdAt,
  };
}

/**
 * Statuses of up to 100 accounts, in request order; unknown ids are left out. Service-facing:
 * it reveals no personal data, only whether an account may act.
 */
export async function getAccountStatuses({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { accountIds: readonly string[] };
}): Promise<AccountStatusView[]> {
  if (input.accountIds.length > MAX_BATCH)
    throw new InvalidArgumentError(`at most ${MAX_BATCH} ids`, [
      { field: "accountIds", message: `at most ${MAX_BATCH} ids` },
    ]);
  const ids = [...new Set(input.accountIds)].filter((id) => UUID.test(id));
  const rows = await findAccountsByIds(ctx.db.db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const now = ctx.clock();
  return input.accountIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toStatus(row, now)] : [];
  });
}

/** One account's status; NotFoundError when it never existed. */
export async function getAccountStatus({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { accountId: string };
}): Promise<AccountStatusView> {
  const [status] = await getAccountStatuses({ ctx, input: { accountIds: [input.accountId] } });
  if (!status) throw new NotFoundError("account", input.accountId);
  return status;
}
