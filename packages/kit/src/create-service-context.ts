import type { DescService } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { TokenVerifier } from "@nova/auth";
import type { CacheStore } from "@nova/cache";
import type { BaseConfig } from "@nova/config";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  createOutbox,
  createOutboxRelay,
  type Outbox,
  type OutboxRelay,
  type OutboxTable,
} from "@nova/outbox";
import type { WriteAction, WriteLimitEnv } from "@nova/rate-limit";
import { type BaseContext, createBaseContext } from "./base-context.ts";
import { createServiceEventBus } from "./event-bus.ts";
import { createPeerClient } from "./peer-client.ts";
import { createServiceCacheStore, createServiceTokenVerifier } from "./service-clients.ts";
import type { BaseContextOverrides } from "./service-module.ts";
import { createServiceWriteLimits, type ServiceWriteLimits } from "./service-write-limits.ts";
import { type ServiceRevocations, startRevocationView } from "./start-revocation-view.ts";

/** A peer as a service calls it: its proto service, its name in the catalogue, its `<PEER>_URL`. */
export type PeerSpec<S extends DescService = DescService> = readonly [
  service: S,
  target: string,
  baseUrl?: string | undefined,
];

/** The typed clients of a `peers` map: `{ user: Client<typeof UserService>, ... }`. */
export type PeerClientsOf<P> = {
  readonly [K in keyof P]: P[K] extends PeerSpec<infer S> ? Client<S> : never;
};

/** What a service declares about itself; everything else about its runtime is the same everywhere. */
export interface ServiceSpec {
  /** The PostgreSQL schema the service owns (`pgSchema(...)`); the runtime needs a database. */
  schema: string;
  /**
   * identity-service's URL (`config.extra.IDENTITY_SERVICE_URL`): end-user tokens are verified
   * against its JWKS and the revocation view (`ctx.verifier`). Omitted only by identity-service,
   * which verifies its own tokens.
   */
  identityServiceUrl?: string;
  /** The service's outbox table: the runtime gets `outbox` and a relay publishing it on the bus. */
  outboxTable?: OutboxTable;
  /** Peers by the name the service uses: `{ user: [UserService, "user-service", extra.USER_SERVICE_URL] }`. */
  peers?: Readonly<Record<string, PeerSpec>>;
  /** The service's write limits (`ctx.writeLimits`): its actions and its env (`config.extra`). */
  writeLimits?: { actions: readonly WriteAction[]; env: WriteLimitEnv<never> };
  /**
   * identity-service only: keep a revocation view to announce revocations to every other service
   * (`ctx.revocations.announce`), not fed by its own revocation events.
   */
  announceRevocations?: true;
}

/** The test seams every service has (on top of createBaseContext's: db, log, clock, identity). */
export interface ServiceContextOverrides<P = Record<string, PeerSpec>> extends BaseContextOverrides {
  /** An end-user token verifier (tests: one trusting the test issuer). */
  verifier?: TokenVerifier;
  /** An event bus (tests: the in-memory one). */
  bus?: EventBus;
  /** A cache store (not closed with the context: the caller owns it). */
  cache?: CacheStore;
  /** Clients of peers (tests: in-memory Connect routers implementing their protos). */
  clients?: Partial<PeerClientsOf<P>>;
  /** Start no background work: no outbox relay, no event consumers (tests drive them). */
  noBackgroundWork?: boolean;
}

/** Something started in the background and stopped with the context. */
export interface Stoppable {
  stop(): unknown;
}

type Peers<S extends ServiceSpec> =
  S["peers"] extends Readonly<Record<string, PeerSpec>> ? S["peers"] : object;

/**
 * The shared runtime of a service: its base context plus what every Nova service repeats. Spread it
 * into the service's own context (`{ ...rt, profiles, ... }`); `verifier`, `outbox`/`relay` and
 * `writeLimits` are there when the spec asked for them.
 */
export type ServiceRuntime<C extends BaseConfig, S extends ServiceSpec> = BaseContext<C> & {
  readonly db: DatabaseHandle;
  /** Redis when REDIS_URL is set, in-process otherwise (or `overrides.cache`). */
  readonly cache: CacheStore;
  /** Kafka when KAFKA_BROKERS is set, else the embedded bus (or `overrides.bus`). */
  readonly bus: EventBus;
  /** The peers' typed clients, with this service's credential on every call. */
  readonly clients: PeerClientsOf<Peers<S>>;
  /** False when the caller asked for `noBackgroundWork`. */
  readonly background: boolean;
  /**
   * Starts the outbox relay and then each task in order (event consumers, schedulers), each stopped
   * with the context; does nothing under `noBackgroundWork`. Call it once the context is whole.
   */
  startBackground(...tasks: (() => Promise<Stoppable> | Stoppable)[]): Promise<void>;
} & (S extends { identityServiceUrl: string } ? { readonly verifier: TokenVerifier } : unknown) &
  (S extends { outboxTable: OutboxTable }
    ? { readonly outbox: Outbox; readonly relay: OutboxRelay }
    : unknown) &
  (S extends { writeLimits: object } ? { readonly writeLimits: ServiceWriteLimits } : unknown) &
  (S extends { announceRevocations: true } ? { readonly revocations: ServiceRevocations } : unknown);

/**
 * Builds a service's context in one call: the base context (database migrated on the embedded
 * default, log, metrics, health, service identity), the cache store, the event bus, the outbox and
 * its relay, the revocation view feeding the end-user token verifier, the peers' clients and the
 * write limits — each honouring its test seam in `overrides`. `build` adds what is the service's own
 * and returns the context; if anything throws, everything opened so far is closed.
 */
export async function createServiceContext<C extends BaseConfig, const S extends ServiceSpec, X>(
  config: C,
  spec: S,
  overrides: ServiceContextOverrides<Peers<S>> | undefined,
  build: (rt: ServiceRuntime<C, S>) => Promise<X>,
): Promise<X> {
  const base = await createBaseContext(config, { schema: spec.schema, overrides });
  try {
    const db = base.db;
    if (!db) throw new Error(`${config.service.name} needs its database`);
    const background = !overrides?.noBackgroundWork;
    const cache = overrides?.cache ?? (await createServiceCacheStore(base));
    const clients: Record<string, Client<DescService>> = {};
    const given = (overrides?.clients ?? {}) as Record<string, Client<DescService> | undefined>;
    for (const [name, [service, target, baseUrl]] of Object.entries(spec.peers ?? {}))
      clients[name] = given[name] ?? createPeerClient(base, service, { target, baseUrl });
    const bus = overrides?.bus ?? (await createServiceEventBus(base));
    let outbox: Outbox | undefined;
    let relay: OutboxRelay | undefined;
    if (spec.outboxTable) {
      outbox = createOutbox({ service: config.service.name, table: spec.outboxTable });
      relay = createOutboxRelay({
        db: db.db,
        outbox,
        publisher: bus,
        log: base.log,
        registry: base.metrics.registry,
      });
    }
    // The view feeds the verifier (none when a test passes its own); identity's only announces.
    const verifier =
      spec.identityServiceUrl &&
      (overrides?.verifier ??
        createServiceTokenVerifier(base, spec.identityServiceUrl, {
          revocations: (await startRevocationView(base, { store: cache, bus: background && bus })).view,
        }));
    const revocations = spec.announceRevocations
      ? await startRevocationView(base, { store: cache, bus: false })
      : undefined;
    const runtime = {
      ...base,
      db,
      cache,
      bus,
      clients,
      background,
      ...(verifier ? { verifier } : {}),
      ...(revocations ? { revocations } : {}),
      ...(outbox && relay ? { outbox, relay } : {}),
      ...(spec.writeLimits
        ? {
            writeLimits: createServiceWriteLimits(
              base,
              cache,
              spec.writeLimits.actions,
              spec.writeLimits.env as WriteLimitEnv<WriteAction>,
            ),
          }
        : {}),
      startBackground: async (...tasks: (() => Promise<Stoppable> | Stoppable)[]) => {
        if (!background) return;
        if (relay) {
          const started = relay;
          started.start();
          base.onClose(() => started.stop());
        }
        for (const task of tasks) {
          const running = await task();
          base.onClose(async () => {
            await running.stop();
          });
        }
      },
    } as unknown as ServiceRuntime<C, S>;
    return await build(runtime);
  } catch (err) {
    await base.close();
    throw err;
  }
}
