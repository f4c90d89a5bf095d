import type { Client } from "@connectrpc/connect";
import type { TestCaller, TestServicePki, TestTokenIssuer } from "@nova/auth/testing";
import type { DatabaseHandle } from "@nova/db";
import {
  createEmbeddedEventBus,
  EMBEDDED_BUS_MIGRATIONS,
  type EventBus,
  type Subscription,
  serviceTopic,
} from "@nova/events";
import { startServiceUnderTest } from "@nova/kit/testing";
import { FeatureStoreService } from "@nova/proto/feature_store/v1";
import { createPostgresTestDatabase, createTestDatabase, silentLogger } from "@nova/testing";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext, type ServiceContext } from "../../src/context.ts";
import { subscribeToSourceEvents } from "../../src/events/subscribe-to-source-events.ts";
import type { OfflineStore } from "../../src/offline/offline-store.ts";
import { message, publish, type SourceEventSpec } from "./source-events.ts";

export type DatabaseKind = "pglite" | "postgres";
export const DATABASE_KINDS: readonly DatabaseKind[] = ["pglite", "postgres"];

export interface FeatureStoreHarness {
  ctx: ServiceContext;
  /** The service's clock (GetFeatures evaluates windows and decays at it). */
  clock: { now: Date };
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Service keys: feature-store and any peer calling it. */
  pki: TestServicePki;
  /**
   * A Connect client on the in-process app, carrying a service credential (default ranking-service;
   * a name or `{ service }` picks another, null none) and, with `{ token }`, an end user's token.
   */
  rpc(as?: TestCaller): Client<typeof FeatureStoreService>;
  /** Signs end-user access tokens the service accepts. */
  issuer: TestTokenIssuer;
  /** Sizes of the batches the consumer applied whole (batch delivery), in order. */
  batchSizes: number[];
  /** Publishes a source event at `at` and waits until the consumer has applied it. */
  deliver(spec: SourceEventSpec, at: Date, id?: string): Promise<string>;
  /** Publishes one producer's events in one append (one consumer batch) and waits until all were applied. */
  deliverAll(events: readonly { spec: SourceEventSpec; at: Date }[]): Promise<string[]>;
  close(): Promise<void>;
}

export function openDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  const services = ["feature-store", EMBEDDED_BUS_MIGRATIONS];
  return kind === "pglite" ? createTestDatabase({ services }) : createPostgresTestDatabase({ services });
}

/**
 * The embedded bus on `db`, with handlers wrapped so a test can wait until an event was fully
 * handled (ledger, states and the online cache write after the commit).
 */
function observedBus(db: DatabaseHandle, handled: Set<string>, batchSizes: number[]): EventBus {
  const inner = createEmbeddedEventBus({ db: db.db, log: silentLogger() });
  return {
    kind: inner.kind,
    publish: (topic, messages) => inner.publish(topic, messages),
    subscribe: ({ batchHandler, ...opts }) =>
      inner.subscribe({
        ...opts,
        handler: async (event) => {
          await opts.handler(event);
          handled.add(event.id);
        },
        ...(batchHandler && {
          batchHandler: async (events) => {
            await batchHandler(events);
            batchSizes.push(events.length);
            for (const event of events) handled.add(event.id);
          },
        }),
      }),
    close: () => inner.close(),
  };
}

/** feature-store on a fresh migrated database with its source-event consumer running. */
export async function startFeatureStore(
  kind: DatabaseKind,
  opts: { offline?: OfflineStore } = {},
): Promise<FeatureStoreHarness> {
  const clock = { now: new Date("2026-01-01T00:00:00Z") };
  const handled = new Set<string>();
  const batchSizes: number[] = [];
  let bus: EventBus | undefined;
  const h = await startServiceUnderTest(
    { name: "feature-store", loadConfig: loadServiceConfig, createContext, createApp },
    {
      database: kind,
      defaultCaller: "ranking-service",
      overrides: (db) => {
        bus = observedBus(db, handled, batchSizes);
        return { bus, ...(opts.offline ? { offline: opts.offline } : {}), clock: () => clock.now };
      },
    },
  );
  const { ctx } = h;
  const subscription: Subscription = await subscribeToSourceEvents(ctx);
  const applied = async (ids: readonly string[], what: string) => {
    for (let i = 0; i < 400; i++) {
      if (ids.every((id) => handled.has(id))) return;
      await Bun.sleep(10);
    }
    throw new Error(`${what} never applied`);
  };
  return {
    ctx,
    clock,
    batchSizes,
    request: (path, init) => h.request(path, init),
    issuer: h.issuer,
    pki: h.pki,
    rpc: (as = {}) => h.rpc(FeatureStoreService, as),
    async deliver(spec, at, id) {
      const eventId = await publish(ctx.bus, spec, at, id);
      await applied([eventId], `event ${spec.type} ${eventId}`);
      return eventId;
    },
    async deliverAll(events) {
      const topics = new Set(events.map((e) => serviceTopic(e.spec.service)));
      const [topic] = topics;
      if (!topic || topics.size > 1) throw new Error("deliverAll: events of one producer, please");
      const messages = events.map((e) => message(e.spec, e.at));
      await ctx.bus.publish(topic, messages);
      const ids = messages.map((m) => m.id);
      await applied(ids, `${ids.length} events`);
      return ids;
    },
    async close() {
      await subscription.stop();
      await ctx.close();
      await bus?.close();
      await h.close();
    },
  };
}
