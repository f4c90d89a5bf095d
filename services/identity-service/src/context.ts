import { createTokenVerifier, type TokenVerifier } from "@nova/auth";
import type { CacheStore } from "@nova/cache";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  createServiceContext,
  type ServiceContextOverrides,
  type ServiceRevocations,
} from "@nova/kit";
import { createMailerFromConfig, type Mailer } from "@nova/mailer";
import type { Outbox, OutboxRelay } from "@nova/outbox";
import { createExportContributors, type ExportContributor } from "./clients/export-contributors.ts";
import { type TrustSafetyClient, trustSafetyPeer } from "./clients/trust-safety-client.ts";
import { type UserClient, userPeer } from "./clients/user-client.ts";
import type { ServiceConfig } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import { subscribeToEnforcementEvents } from "./events/subscribe-to-enforcement-events.ts";
import { createKeyStore, type KeyStore } from "./keys/create-key-store.ts";
import { loadSigningKey } from "./keys/load-signing-key.ts";
import type { SigningKey } from "./keys/signing-key.ts";
import { createOAuthProviders, type OAuthProviders } from "./oauth/oauth-providers.ts";
import { createOidcClient, type OidcClient } from "./oauth/oidc-client.ts";
import { createPasswordHasher, type PasswordHasher } from "./security/password-hasher.ts";
import { createRateLimiter, type RateLimiter } from "./security/rate-limiter.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly cache: CacheStore;
  readonly keys: KeyStore;
  /** Verifies this service's own access tokens against its published key set. */
  readonly verifier: TokenVerifier;
  /** Announces revocations on the channel every other service's revocation view listens on. */
  readonly revocations: ServiceRevocations;
  readonly passwords: PasswordHasher;
  readonly mailer: Mailer;
  readonly limiter: RateLimiter;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  readonly bus: EventBus;
  readonly oauth: OAuthProviders;
  readonly oidc: OidcClient;
  /** user-service (username availability for OAuth sign-ups, its part of account exports). */
  readonly users: UserClient;
  /** trust-safety-service's Check (sign-up usernames). */
  readonly trustSafety: TrustSafetyClient;
  /** Every other service's part of the account export (its ExportAccountData RPC). */
  readonly exportContributors: readonly ExportContributor[];
}

/** The kit's test seams (cache, bus, noBackgroundWork: no relay, no key heartbeat), and identity's own. */
export interface IdentityServiceOverrides extends Omit<ServiceContextOverrides, "verifier" | "clients"> {
  mailer?: Mailer;
  signingKey?: SigningKey;
  users?: UserClient;
  trustSafety?: TrustSafetyClient;
  exportContributors?: readonly ExportContributor[];
  oidc?: OidcClient;
}

const KEY_HEARTBEAT_MS = 60_000;

export async function createContext(
  config: ServiceConfig,
  overrides?: IdentityServiceOverrides,
): Promise<ServiceContext> {
  // identity refuses revoked tokens from its own tables (requireLiveSession, IntrospectToken); it
  // keeps the revocation view only to announce revocations to every other service.
  const spec = {
    schema: "identity_service",
    outboxTable,
    peers: { user: userPeer(config.extra), trustSafety: trustSafetyPeer(config.extra) },
    announceRevocations: true,
  } as const;
  const clients = {
    ...(overrides?.users ? { user: overrides.users } : {}),
    ...(overrides?.trustSafety ? { trustSafety: overrides.trustSafety } : {}),
  };
  const kitOverrides = { ...overrides, clients };
  return createServiceContext(config, spec, kitOverrides, async (rt) => {
    const keys = await createKeyStore({
      db: rt.db.db,
      key: overrides?.signingKey ?? (await loadSigningKey(config)),
      clock: rt.clock,
      accessTokenTtlMs: config.extra.ACCESS_TOKEN_TTL,
      heartbeatMs: KEY_HEARTBEAT_MS,
    });
    const users = rt.clients.user;
    const ctx: ServiceContext = {
      ...rt,
      keys,
      verifier: createTokenVerifier({ jwks: () => keys.jwks(), clock: rt.clock }),
      passwords: createPasswordHasher({
        memoryKib: config.extra.PASSWORD_HASH_MEMORY_KIB,
        iterations: config.extra.PASSWORD_HASH_ITERATIONS,
      }),
      mailer: overrides?.mailer ?? createMailerFromConfig(config, rt.clock),
      limiter: createRateLimiter(rt.cache),
      oauth: createOAuthProviders(config),
      oidc: overrides?.oidc ?? createOidcClient(),
      users,
      trustSafety: rt.clients.trustSafety,
      exportContributors: overrides?.exportContributors ?? createExportContributors(rt, users),
    };
    await rt.startBackground(
      () => {
        const timer = setInterval(() => {
          keys.heartbeat().catch((err) => rt.log.warn("signing key heartbeat failed", { err }));
        }, KEY_HEARTBEAT_MS);
        timer.unref();
        return { stop: () => clearInterval(timer) };
      },
      () => subscribeToEnforcementEvents(ctx),
    );
    return ctx;
  });
}
