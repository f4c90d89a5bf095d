import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import type { Logger } from "@nova/observability";
import type { IdentityService } from "@nova/proto/identity/v1";

/** When an account was created, as far as the new-account rules need it. */
export interface AccountAges {
  /** The creation time, or undefined when identity cannot say in time (the rules then treat it as not new). */
  createdAt(accountId: string): Promise<Date | undefined>;
}

const TTL_MS = 10 * 60_000;
const MAX_HELD = 50_000;
const DEADLINE_MS = 100;

/**
 * identity's GetAccountStatus (created_at), cached per account for 10 minutes (a creation time
 * never changes; the TTL only bounds memory): one call per account per replica and window, not per
 * write. A slow or failing identity costs at most 100 ms once and is logged; the write is then
 * checked without the new-account rules rather than refused.
 */
export function createAccountAges(identity: Client<typeof IdentityService>, log: Logger): AccountAges {
  const held = new Map<string, { at: Date; until: number }>();
  return {
    async createdAt(accountId) {
      const now = Date.now();
      const hit = held.get(accountId);
      if (hit && hit.until > now) return hit.at;
      try {
        const res = await identity.getAccountStatus(
          { accountId },
          { timeoutMs: DEADLINE_MS, signal: AbortSignal.timeout(DEADLINE_MS) },
        );
        if (!res.status?.createdAt) return undefined;
        const at = timestampDate(res.status.createdAt);
        held.delete(accountId);
        held.set(accountId, { at, until: now + TTL_MS });
        if (held.size > MAX_HELD) held.delete(held.keys().next().value as string);
        return at;
      } catch (err) {
        log.warn("account age unknown: new-account rules skipped for this write", { accountId, err });
        return undefined;
      }
    },
  };
}
