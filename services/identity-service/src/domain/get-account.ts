import type { AuthContext } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { type AccountView, toAccountView } from "./account-view.ts";
import { requireLiveSession } from "./require-live-session.ts";

/** The caller's own account (email included: only its owner ever sees it). */
export async function getAccount({
  ctx,
  auth,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
}): Promise<AccountView> {
  const { account } = await requireLiveSession(ctx, auth);
  return toAccountView(account);
}
