import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { Revocation } from "@nova/auth";
import type { Database } from "@nova/db";
import { AccountTokensRevokedSchema, RevocationReason, SessionsRevokedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";

export { RevocationReason };

// Verifiers accept a token up to 5 s past its expiry (clock skew); a revocation outlives that.
const EXPIRY_MARGIN_MS = 60_000;

/** The latest time any access token issued up to `at` can still verify. */
function tokensExpireAt(ctx: ServiceContext, at: Date): number {
  return at.getTime() + ctx.config.extra.ACCESS_TOKEN_TTL + EXPIRY_MARGIN_MS;
}

/**
 * Writes SessionsRevoked in `tx` (the transaction revoking the sessions) so every service refuses
 * the sessions' access tokens; returns the revocation to announce after commit (undefined when no
 * session was revoked).
 */
export async function enqueueSessionsRevoked(
  ctx: ServiceContext,
  tx: Database,
  input: { accountId: string; sessionIds: readonly string[]; reason: RevocationReason; at: Date },
): Promise<Revocation | undefined> {
  if (input.sessionIds.length === 0) return undefined;
  const expiresAt = tokensExpireAt(ctx, input.at);
  await ctx.outbox.enqueue(tx, {
    aggregateId: input.accountId,
    schema: SessionsRevokedSchema,
    payload: create(SessionsRevokedSchema, {
      accountId: input.accountId,
      sessionIds: [...input.sessionIds],
      reason: input.reason,
      revokedAt: timestampFromMs(input.at.getTime()),
      tokensExpireAt: timestampFromMs(expiresAt),
    }),
    occurredAt: input.at,
  });
  return { kind: "sessions", accountId: input.accountId, sessionIds: [...input.sessionIds], expiresAt };
}

/**
 * Writes AccountTokensRevoked in `tx`: every token of the account issued up to `at` is refused
 * everywhere. Returns the revocation to announce after commit.
 */
export async function enqueueAccountTokensRevoked(
  ctx: ServiceContext,
  tx: Database,
  input: { accountId: string; reason: RevocationReason; at: Date },
): Promise<Revocation> {
  const expiresAt = tokensExpireAt(ctx, input.at);
  await ctx.outbox.enqueue(tx, {
    aggregateId: input.accountId,
    schema: AccountTokensRevokedSchema,
    payload: create(AccountTokensRevokedSchema, {
      accountId: input.accountId,
      notBefore: timestampFromMs(input.at.getTime()),
      reason: input.reason,
      tokensExpireAt: timestampFromMs(expiresAt),
    }),
    occurredAt: input.at,
  });
  return {
    kind: "account",
    accountId: input.accountId,
    notBefore: input.at.getTime(),
    expiresAt,
    ...(input.reason === RevocationReason.ACCOUNT_SUSPENDED ? { suspended: true } : {}),
  };
}

/**
 * After the commit: the fast path (every service's view within milliseconds) and a wake for the
 * relay (the event, the durable path). A failure here loses nothing — the event is committed.
 */
export async function announceRevocation(
  ctx: ServiceContext,
  revocation: Revocation | undefined,
): Promise<void> {
  if (!revocation) return;
  ctx.relay.wake();
  await ctx.revocations
    .announce(revocation)
    .catch((err) => ctx.log.warn("revocation not announced; its event will carry it", { err }));
}
