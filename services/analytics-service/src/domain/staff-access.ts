import { type AuthContext, requireRole } from "@nova/auth";

/** Product numbers (active users, retention, engagement, funnels): analysts and admins only. */
export function requireAnalyst(caller: AuthContext | undefined): AuthContext {
  return requireRole(caller, "analyst", "admin");
}

/** The pipeline view (lag, outbox backlogs, dead events): admins only. */
export function requireAdmin(caller: AuthContext | undefined): AuthContext {
  return requireRole(caller, "admin");
}
