import type { AuthContext } from "@nova/auth";
import { runWithCallContext } from "@nova/rpc";
import type { ExportContributor } from "../clients/export-contributors.ts";
import type { ServiceContext } from "../context.ts";
import { findAccountById } from "../db/account-queries.ts";
import { listAuditEvents } from "../db/audit-queries.ts";
import { listOAuthIdentities } from "../db/oauth-identity-queries.ts";
import { listAccountSessions } from "../db/session-queries.ts";
import { listAccountRoles } from "../db/staff-role-queries.ts";
import { toAccountView } from "./account-view.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";

/** One service's part of an export, or why it is missing. */
export type ExportPart = { service: string; data: unknown } | { service: string; error: string };

/** Everything Nova holds about an account, gathered from each service that holds some. */
export interface AccountExport {
  accountId: string;
  exportedAt: string;
  parts: ExportPart[];
  /** True when some service could not contribute its part (named in `parts` with an error). */
  incomplete: boolean;
}

async function identityPart(ctx: ServiceContext, accountId: string): Promise<ExportPart> {
  const account = await findAccountById(ctx.db.db, accountId);
  if (!account) throw new Error(`account ${accountId} vanished during export`);
  const [sessions, identities, audit, roles] = await Promise.all([
    listAccountSessions(ctx.db.db, accountId),
    listOAuthIdentities(ctx.db.db, accountId),
    listAuditEvents(ctx.db.db, accountId, 1000),
    listAccountRoles(ctx.db.db, accountId),
  ]);
  return {
    service: "identity-service",
    data: {
      account: { ...toAccountView(account), passwordSet: account.passwordHash !== null, staffRoles: roles },
      sessions: sessions.map((s) => ({
        id: s.id,
        deviceName: s.deviceName,
        ip: s.ip,
        userAgent: s.userAgent,
        method: s.method,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        revokedAt: s.revokedAt?.toISOString() ?? null,
      })),
      linkedIdentities: identities.map((i) => ({
        provider: i.provider,
        email: i.email ?? "",
        linkedAt: i.createdAt.toISOString(),
      })),
      securityEvents: audit.map((e) => ({
        event: e.event,
        ip: e.ip,
        userAgent: e.userAgent,
        at: e.createdAt.toISOString(),
      })),
    },
  };
}

/** One service's part over its ExportAccountData RPC, called with the owner's own token. */
async function contributedPart(
  ctx: ServiceContext,
  contributor: ExportContributor,
  accountId: string,
  authorization: string,
): Promise<ExportPart> {
  try {
    const data = await runWithCallContext({ authorization }, () => contributor.exportAccountData(accountId));
    return { service: contributor.service, data };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.log.warn("account export: a service's part is missing", { service: contributor.service, err });
    return { service: contributor.service, error: message };
  }
}

/**
 * The caller's data as JSON: identity's own part plus every other service's over its
 * ExportAccountData RPC (ctx.exportContributors: user, content, social, graph, feature-store,
 * ranking), asked in parallel. A part that cannot be fetched is listed with its error and the export
 * marked incomplete, rather than silently left out.
 */
export async function exportAccount({
  ctx,
  auth,
  authorization,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  /** The caller's `Authorization` header, forwarded to the services that hold the other parts. */
  authorization: string;
  meta: RequestMeta;
}): Promise<AccountExport> {
  const { account } = await requireLiveSession(ctx, auth);
  const parts = await Promise.all([
    identityPart(ctx, account.id),
    ...ctx.exportContributors.map((c) => contributedPart(ctx, c, account.id, authorization)),
  ]);
  await recordAudit(ctx, ctx.db.db, "account.exported", { accountId: account.id, meta: cleanMeta(meta) });
  return {
    accountId: account.id,
    exportedAt: ctx.clock().toISOString(),
    parts,
    incomplete: parts.some((p) => "error" in p),
  };
}
