import { isStaffRole, STAFF_ROLES, type StaffRole } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { deleteStaffRole, insertStaffRole, listAccountRoles } from "../db/staff-role-queries.ts";
import { findStaffAccount } from "./find-staff-account.ts";
import { recordAudit } from "./record-audit.ts";
import { announceRevocation, enqueueAccountTokensRevoked, RevocationReason } from "./revoke-tokens.ts";

export interface StaffRoleChange {
  accountId: string;
  username: string;
  role: StaffRole;
  /** False when the account already had (grant) or did not have (revoke) the role: nothing changed. */
  changed: boolean;
  /** The account's roles after the change. */
  roles: StaffRole[];
}

/**
 * Grants or revokes a staff role (`bun run staff:grant` / `staff:revoke`). A change is audit-logged
 * and revokes every access token of the account issued until now (AccountTokensRevoked, reason
 * ROLES_CHANGED, announced at once), so the old role set stops working everywhere; the sessions
 * stay, and their next refresh carries the new roles. A no-op (already held / not held) changes
 * nothing and revokes nothing.
 */
export async function changeStaffRole({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { action: "grant" | "revoke"; account: string; role: string; by: string };
}): Promise<StaffRoleChange> {
  const role = input.role.trim().toLowerCase();
  if (!isStaffRole(role))
    throw new InvalidArgumentError(`unknown role "${input.role}"`, [
      { field: "role", message: `must be one of ${STAFF_ROLES.join(", ")}` },
    ]);
  const account = await findStaffAccount(ctx.db.db, input.account);
  const now = ctx.clock();
  const { changed, roles, revocation } = await withTransaction(ctx.db.db, async (tx) => {
    const changed =
      input.action === "grant"
        ? await insertStaffRole(tx, { accountId: account.id, role, grantedAt: now, grantedBy: input.by })
        : await deleteStaffRole(tx, account.id, role);
    const roles = await listAccountRoles(tx, account.id);
    if (!changed) return { changed, roles, revocation: undefined };
    await recordAudit(ctx, tx, input.action === "grant" ? "staff.role_granted" : "staff.role_revoked", {
      accountId: account.id,
      details: { role, by: input.by, roles },
    });
    const revocation = await enqueueAccountTokensRevoked(ctx, tx, {
      accountId: account.id,
      reason: RevocationReason.ROLES_CHANGED,
      at: now,
    });
    return { changed, roles, revocation };
  });
  await announceRevocation(ctx, revocation);
  return { accountId: account.id, username: account.username ?? "", role, changed, roles };
}
