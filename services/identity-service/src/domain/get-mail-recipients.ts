import { InvalidArgumentError, PermissionDeniedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findAccountsByIds } from "../db/account-queries.ts";

const MAX_BATCH = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The only service that mails accounts besides identity itself (its digests). */
export const MAIL_RECIPIENT_CALLERS: ReadonlySet<string> = new Set(["notification-service"]);

/**
 * Verified email addresses of live accounts, for notification-service's digests. Addresses are
 * personal data: the calling service must be one of MAIL_RECIPIENT_CALLERS (the RPC gate already
 * refused anything without a service credential). Unverified, deleted and unknown accounts are left out.
 */
export async function getMailRecipients(args: {
  ctx: ServiceContext;
  callerService: string | undefined;
  input: { accountIds: readonly string[] };
}): Promise<{ accountId: string; email: string }[]> {
  if (!args.callerService || !MAIL_RECIPIENT_CALLERS.has(args.callerService))
    throw new PermissionDeniedError("only notification-service may read mail recipients");
  if (args.input.accountIds.length > MAX_BATCH)
    throw new InvalidArgumentError(`at most ${MAX_BATCH} ids`, [
      { field: "accountIds", message: `at most ${MAX_BATCH} ids` },
    ]);
  const ids = [...new Set(args.input.accountIds)].filter((id) => UUID.test(id));
  const rows = await findAccountsByIds(args.ctx.db.db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return args.input.accountIds.flatMap((id) => {
    const row = byId.get(id);
    return row?.email && row.emailVerifiedAt && !row.deletedAt ? [{ accountId: id, email: row.email }] : [];
  });
}
