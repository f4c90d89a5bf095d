import type { Client } from "@connectrpc/connect";
import type { TokenVerifier } from "@nova/auth";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  createServiceContext,
  createServiceTokenVerifier,
  type PeerSpec,
  type ServiceContextOverrides,
} from "@nova/kit";
import type { Outbox, OutboxRelay } from "@nova/outbox";
import { ContentService } from "@nova/proto/content/v1";
import { IdentityService } from "@nova/proto/identity/v1";
import type { ServiceConfig } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import { startExpirySweeper } from "./domain/lift-expired-actions.ts";
import { createMediaHashIndex, type MediaHashIndex } from "./domain/media-hash-index.ts";
import { createRuleEngine, type RuleEngine } from "./domain/rules/rule-engine.ts";
import { subscribeToAccountEvents } from "./events/subscribe-to-account-events.ts";
import { type AccountAges, createAccountAges } from "./peers/account-age.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  /**
   * Verifies tokens WITHOUT the revocation view: only the appeal route uses it, so an account whose
   * tokens were revoked by a suspension can still appeal with the token it has (signature, expiry,
   * issuer and audience are still checked).
   */
  readonly appealVerifier: TokenVerifier;
  readonly rules: RuleEngine;
  /** The admins' image hash blocklist, held per replica (media Checks). */
  readonly mediaHashes: MediaHashIndex;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  readonly bus: EventBus;
  /** content-service: who wrote a reported post (anonymous view: a service credential, no user token). */
  readonly content: Client<typeof ContentService>;
  /** identity: when an account was created (new-account rules), cached. */
  readonly accountAges: AccountAges;
}

type Peers = { content: PeerSpec<typeof ContentService>; identity: PeerSpec<typeof IdentityService> };
export type TrustSafetyOverrides = ServiceContextOverrides<Peers> & { appealVerifier?: TokenVerifier };

export async function createContext(
  config: ServiceConfig,
  overrides?: TrustSafetyOverrides,
): Promise<ServiceContext> {
  const { extra } = config;
  const spec = {
    schema: "trust_safety_service",
    identityServiceUrl: extra.IDENTITY_SERVICE_URL,
    outboxTable,
    peers: {
      content: [ContentService, "content-service", extra.CONTENT_SERVICE_URL],
      identity: [IdentityService, "identity-service", extra.IDENTITY_SERVICE_URL],
    },
  } as const;
  return createServiceContext(config, spec, overrides, async (rt) => {
    const ctx: ServiceContext = {
      ...rt,
      appealVerifier: overrides?.appealVerifier ?? createServiceTokenVerifier(rt, extra.IDENTITY_SERVICE_URL),
      rules: createRuleEngine(extra, rt.cache),
      mediaHashes: createMediaHashIndex(rt.db, { refreshMs: extra.TS_MEDIA_HASH_REFRESH, clock: rt.clock }),
      content: rt.clients.content,
      accountAges: createAccountAges(rt.clients.identity, rt.log),
    };
    await rt.startBackground(
      () => startExpirySweeper(ctx, extra.TS_EXPIRY_SWEEP_INTERVAL),
      () => subscribeToAccountEvents(ctx),
    );
    return ctx;
  });
}
