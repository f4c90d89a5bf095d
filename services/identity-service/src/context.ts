import { join } from "node:path";
import { createTokenVerifier, type TokenVerifier } from "@nova/auth";
import { type CacheStore, createCacheStore } from "@nova/cache";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  type BaseContextOverrides,
  createBaseContext,
  createServiceEventBus,
  type ServiceRevocations,
  startRevocationView,
} from "@nova/kit";
import { createOutbox, createOutboxRelay, type Outbox, type OutboxRelay } from "@nova/outbox";
import { createExportContributors, type ExportContributor } from "./clients/export-contributors.ts";
import { createUserClient, type UserClient } from "./clients/user-client.ts";
import type { ServiceConfig } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import { createKeyStore, type KeyStore } from "./keys/create-key-store.ts";
import { loadSigningKey } from "./keys/load-signing-key.ts";
import type { SigningKey } from "./keys/signing-key.ts";
import { createFileMailer } from "./mail/create-file-mailer.ts";
import { createSmtpMailer } from "./mail/create-smtp-mailer.ts";
import type { Mailer } from "./mail/mailer.ts";
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
  /** Every other service's part of the account export (its ExportAccountData RPC). */
  readonly exportContributors: readonly ExportContributor[];
}

/** Test seams on top of the kit's. */
export interface IdentityServiceOverrides extends BaseContextOverrides {
  mailer?: Mailer;
  bus?: EventBus;
  signingKey?: SigningKey;
  cache?: CacheStore;
  users?: UserClient;
  exportContributors?: readonly ExportContributor[];
  oidc?: OidcClient;
  /** Don't start the outbox relay or the key heartbeat (tests drive them). */
  noBackgroundWork?: boolean;
}

const KEY_HEARTBEAT_MS = 60_000;

function createMailer(config: ServiceConfig, clock: () => Date): Mailer {
  if (config.smtp.host)
    return createSmtpMailer({
      host: config.smtp.host,
      port: config.smtp.port,
      username: config.smtp.username,
      password: config.smtp.password,
      from: config.smtp.from,
      clock,
      implicitTls: config.smtp.port === 465,
    });
  return createFileMailer({ dir: join(config.dataDir, "mail"), from: config.smtp.from, clock });
}

export async function createContext(
  config: ServiceConfig,
  overrides?: IdentityServiceOverrides,
): Promise<ServiceContext> {
  const base = await createBaseContext(config, { schema: "identity_service", overrides });
  try {
    const db = base.db;
    if (!db) throw new Error("identity-service needs its database");
    const cache =
      overrides?.cache ??
      (await createCacheStore({
        redisUrl: config.redis.url,
        redisPoolSize: config.redis.poolSize,
        connectionName: config.service.name,
      }));
    if (!overrides?.cache) base.onClose(() => cache.close());
    const keys = await createKeyStore({
      db: db.db,
      key: overrides?.signingKey ?? (await loadSigningKey(config)),
      clock: base.clock,
      accessTokenTtlMs: config.extra.ACCESS_TOKEN_TTL,
      heartbeatMs: KEY_HEARTBEAT_MS,
    });
    const bus = overrides?.bus ?? (await createServiceEventBus(base));
    const outbox = createOutbox({ service: config.service.name, table: outboxTable });
    const relay = createOutboxRelay({
      db: db.db,
      outbox,
      publisher: bus,
      log: base.log,
      registry: base.metrics.registry,
    });
    // identity refuses revoked tokens from its own tables (requireLiveSession, IntrospectToken); it
    // keeps the view only to announce revocations to every other service.
    const revocations = await startRevocationView(base, { store: cache, bus: false });
    const users = overrides?.users ?? createUserClient(base);
    const ctx: ServiceContext = {
      ...base,
      db,
      cache,
      keys,
      verifier: createTokenVerifier({ jwks: () => keys.jwks(), clock: base.clock }),
      revocations,
      passwords: createPasswordHasher({
        memoryKib: config.extra.PASSWORD_HASH_MEMORY_KIB,
        iterations: config.extra.PASSWORD_HASH_ITERATIONS,
      }),
      mailer: overrides?.mailer ?? createMailer(config, base.clock),
      limiter: createRateLimiter(cache),
      outbox,
      relay,
      bus,
      oauth: createOAuthProviders(config),
      oidc: overrides?.oidc ?? createOidcClient(),
      users,
      exportContributors: overrides?.exportContributors ?? createExportContributors(base, users),
    };
    if (!overrides?.noBackgroundWork) {
      relay.start();
      base.onClose(() => relay.stop());
      const timer = setInterval(() => {
        keys.heartbeat().catch((err) => base.log.warn("signing key heartbeat failed", { err }));
      }, KEY_HEARTBEAT_MS);
      timer.unref();
      base.onClose(() => clearInterval(timer));
    }
    return ctx;
  } catch (err) {
    await base.close();
    throw err;
  }
}
