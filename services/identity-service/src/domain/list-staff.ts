import { type AuthContext, requireRole, type StaffRole } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { listAccountRoles, listStaffGrants } from "../db/staff-role-queries.ts";
import { requireLiveSession } from "./require-live-session.ts";

/** One staff account and its roles, as an admin sees it. */
export interface StaffMember {
  accountId: string;
  username: string;
  roles: { role: StaffRole; grantedAt: string; grantedBy: string }[];
}

/**
 * Every account holding a staff role (admin only). identity owns the roles, so it checks the
 * caller's current ones in its table rather than the token's copy: a revoked admin is refused
 * here even before the revocation reaches anyone.
 */
export async function listStaff({
  ctx,
  auth,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
}): Promise<StaffMember[]> {
  const live = await requireLiveSession(ctx, auth);
  requireRole({ ...live.auth, roles: await listAccountRoles(ctx.db.db, live.account.id) }, "admin");
  const members = new Map<string, StaffMember>();
  for (const grant of await listStaffGrants(ctx.db.db)) {
    const member = members.get(grant.accountId) ?? {
      accountId: grant.accountId,
      username: grant.username ?? "",
      roles: [],
    };
    member.roles.push({
      role: grant.role as StaffRole,
      grantedAt: grant.grantedAt.toISOString(),
      grantedBy: grant.grantedBy,
    });
    members.set(grant.accountId, member);
  }
  return [...members.values()];
}
