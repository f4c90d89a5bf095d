import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { insertAuditEvent } from "../db/audit-queries.ts";
import type { RequestMeta } from "./request-meta.ts";

/** Security events recorded in the audit log. */
export type AuditEvent =
  | "account.registered"
  | "account.register_with_taken_email"
  | "login.succeeded"
  | "login.failed"
  | "login.locked"
  | "login.two_factor_challenged"
  | "login.two_factor_failed"
  | "token.refreshed"
  | "token.reuse_detected"
  | "session.logged_out"
  | "session.logged_out_everywhere"
  | "session.revoked"
  | "password.changed"
  | "password.rehashed"
  | "password.reset_requested"
  | "password.reset"
  | "email.verification_sent"
  | "email.verified"
  | "two_factor.enrolment_started"
  | "two_factor.enabled"
  | "two_factor.disabled"
  | "two_factor.recovery_code_used"
  | "oauth.linked"
  | "oauth.unlinked"
  | "account.exported"
  | "account.deleted"
  | "staff.role_granted"
  | "staff.role_revoked"
  | "account.suspended"
  | "account.suspension_lifted";

export async function recordAudit(
  ctx: ServiceContext,
  db: Database,
  event: AuditEvent,
  opts: { accountId?: string | null; meta?: RequestMeta; details?: Record<string, unknown> } = {},
): Promise<void> {
  await insertAuditEvent(db, {
    id: Bun.randomUUIDv7(),
    accountId: opts.accountId ?? null,
    event,
    ip: opts.meta?.ip ?? "",
    userAgent: opts.meta?.userAgent ?? "",
    details: opts.details ?? {},
    createdAt: ctx.clock(),
  });
}
