import type { AuthContext, StaffRole } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { listAccountRoles } from "../db/staff-role-queries.ts";
import { type AccountView, toAccountView } from "./account-view.ts";
import { requireLiveSession } from "./require-live-session.ts";

/**
 * The caller's own account (email included: only its owner ever sees it) and its current staff
 * roles (the token's `roles` claim is the copy from when it was issued).
 */
export async function getAccount({
  ctx,
  auth,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
}): Promise<AccountView & { roles: StaffRole[] }> {
  const { account } = await requireLiveSession(ctx, auth);
  return { ...toAccountView(account), roles: await listAccountRoles(ctx.db.db, account.id) };
}
