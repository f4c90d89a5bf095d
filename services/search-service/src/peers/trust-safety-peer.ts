import type { Client } from "@connectrpc/connect";
import type { TrustSafetyService } from "@nova/proto/trust_safety/v1";
import { toDomainError } from "@nova/rpc";
import type { OwnerPage } from "./content-peer.ts";

/** An action in force as trust-safety lists it (the subject and what was done to it). */
export interface ActiveEnforcement {
  subjectType: string;
  subjectId: string;
  action: string;
}

/** trust-safety-service as search's reindex uses it: every enforcing action in force. */
export interface TrustSafetyPeer {
  listEnforcements(cursor: string, pageSize: number): Promise<OwnerPage<ActiveEnforcement>>;
}

export function createTrustSafetyPeer(client: Client<typeof TrustSafetyService>): TrustSafetyPeer {
  return {
    async listEnforcements(cursor, pageSize) {
      try {
        const res = await client.listActiveEnforcements({ cursor, pageSize });
        const items = res.enforcements.map((e) => ({
          subjectType: e.subjectType,
          subjectId: e.subjectId,
          action: e.action,
        }));
        return { items, nextCursor: res.nextCursor };
      } catch (err) {
        throw toDomainError(err, "trust-safety-service");
      }
    },
  };
}
