import { anyUnpack, timestampMs } from "@bufbuild/protobuf/wkt";
import type { Revocation } from "@nova/auth";
import type { DeliveredEvent } from "@nova/events";
import { AccountTokensRevokedSchema, RevocationReason, SessionsRevokedSchema } from "@nova/proto/identity/v1";

/** identity's SessionsRevoked / AccountTokensRevoked as a Revocation; other events → undefined. */
export function revocationFromEvent(event: DeliveredEvent): Revocation | undefined {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  if (event.type === SessionsRevokedSchema.typeName) {
    const m = anyUnpack(payload, SessionsRevokedSchema);
    if (!m?.accountId || !m.tokensExpireAt) throw new Error(`${event.id}: SessionsRevoked is incomplete`);
    return {
      kind: "sessions",
      accountId: m.accountId,
      sessionIds: m.sessionIds,
      expiresAt: timestampMs(m.tokensExpireAt),
    };
  }
  if (event.type === AccountTokensRevokedSchema.typeName) {
    const m = anyUnpack(payload, AccountTokensRevokedSchema);
    if (!m?.accountId || !m.notBefore || !m.tokensExpireAt)
      throw new Error(`${event.id}: AccountTokensRevoked is incomplete`);
    return {
      kind: "account",
      accountId: m.accountId,
      notBefore: timestampMs(m.notBefore),
      expiresAt: timestampMs(m.tokensExpireAt),
      ...(m.reason === RevocationReason.ACCOUNT_SUSPENDED ? { suspended: true } : {}),
    };
  }
  return undefined;
}
