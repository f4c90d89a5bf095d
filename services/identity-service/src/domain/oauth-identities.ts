import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { FailedPreconditionError, NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { lockAccountRow } from "../db/account-queries.ts";
import { deleteOAuthIdentities, listOAuthIdentities } from "../db/oauth-identity-queries.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";

/** An external login linked to the caller's account. */
export interface OAuthIdentityView {
  provider: string;
  email: string;
  linkedAt: string;
}

/** The caller's linked Google/Apple identities. */
export async function listLinkedIdentities({
  ctx,
  auth,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
}): Promise<OAuthIdentityView[]> {
  const { account } = await requireLiveSession(ctx, auth);
  const rows = await listOAuthIdentities(ctx.db.db, account.id);
  return rows.map((r) => ({
    provider: r.provider,
    email: r.email ?? "",
    linkedAt: r.createdAt.toISOString(),
  }));
}

/**
 * Unlinks a provider from the caller's account. Refused when it is the last way in: no password
 * set and no other linked identity (the account would be unreachable).
 */
export async function unlinkIdentity({
  ctx,
  auth,
  input,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: { provider: string };
  meta: RequestMeta;
}): Promise<void> {
  const { account } = await requireLiveSession(ctx, auth);
  await withTransaction(ctx.db.db, async (tx) => {
    const locked = (await lockAccountRow(tx, account.id)) ?? account;
    const identities = await listOAuthIdentities(tx, account.id);
    const matching = identities.filter((i) => i.provider === input.provider);
    if (matching.length === 0) throw new NotFoundError("linked identity", input.provider);
    if (!locked.passwordHash && matching.length === identities.length)
      throw new FailedPreconditionError(
        "this is the account's only way to log in; set a password (password reset) before unlinking it",
      );
    await deleteOAuthIdentities(tx, account.id, input.provider);
    await recordAudit(ctx, tx, "oauth.unlinked", {
      accountId: account.id,
      meta: cleanMeta(meta),
      details: { provider: input.provider },
    });
  });
}
