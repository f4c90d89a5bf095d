import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { CacheStore } from "@nova/cache";
import { serviceTopic } from "@nova/events";
import { startServiceUnderTest } from "@nova/kit/testing";
import type { MailMessage } from "@nova/mailer";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { NotificationService } from "@nova/proto/notification/v1";
import webpush from "web-push";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext, type PushRuntime } from "../../src/context.ts";
import { handlePeerEvent } from "../../src/events/subscribe-to-peer-events.ts";
import { createFakePeers, type FakePeers } from "./fake-peers.ts";

export type Source =
  | "content-service"
  | "social-service"
  | "graph-service"
  | "identity-service"
  | "trust-safety-service"
  | "realtime-chat-service";

export interface HarnessOptions {
  peers?: FakePeers;
  /** A cache store shared with another instance (multi-instance tests). */
  cache?: CacheStore;
  push?: Partial<PushRuntime>;
  database?: NonNullable<Parameters<typeof startServiceUnderTest>[1]>["database"];
  /** Another instance's token issuer, so one user's token works on both. */
  issuer?: NonNullable<Parameters<typeof startServiceUnderTest>[1]>["issuer"];
}

/** notification-service in process with fake peers; `deliver` hands an event to its consumer as the bus would. */
export async function startNotificationService(opts: HarnessOptions = {}) {
  const peers = opts.peers ?? createFakePeers();
  const mails: MailMessage[] = [];
  const vapid = { ...webpush.generateVAPIDKeys(), subject: "mailto:test@nova.invalid" };
  const h = await startServiceUnderTest(
    { name: "notification-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      ...(opts.database ? { database: opts.database } : {}),
      ...(opts.issuer ? { issuer: opts.issuer } : {}),
      overrides: {
        clients: {
          graph: peers.graphClient,
          content: peers.contentClient,
          users: peers.userClient,
          accounts: peers.identityClient,
        },
        mailer: { kind: "file" as const, send: async (m: MailMessage) => void mails.push(m) },
        ...(opts.cache ? { cache: opts.cache } : {}),
        push: { vapid, attempts: 3, retryBaseMs: 5, ...opts.push },
      },
    },
  );
  const handle = handlePeerEvent(h.ctx);
  const deliver = async <D extends DescMessage>(
    source: Source,
    schema: D,
    aggregateId: string,
    payload: MessageInitShape<D>,
    id: string = Bun.randomUUIDv7(),
  ) => {
    const envelope = create(EventEnvelopeSchema, {
      id,
      type: schema.typeName,
      aggregateId,
      occurredAt: timestampFromDate(new Date()),
      payload: anyPack(schema, create(schema, payload)),
      source,
    });
    await handle({
      id,
      type: schema.typeName,
      aggregateId,
      occurredAt: new Date(),
      traceparent: undefined,
      source,
      topic: serviceTopic(source),
      headers: {},
      envelope,
      attempt: 1,
    });
    return id;
  };
  const json = async (path: string, token: string, init: RequestInit = {}) => {
    const res = await h.request(path, {
      ...init,
      token,
      headers: { "content-type": "application/json", ...(init.headers ?? {}) },
    });
    // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    ...h,
    peers,
    deliver,
    json,
    vapid,
    mails,
    rpc: (as?: Parameters<typeof h.rpc>[1]) => h.rpc(NotificationService, as),
  };
}

export type NotificationHarness = Awaited<ReturnType<typeof startNotificationService>>;

/** Polls `check` until it returns a truthy value or `ms` pass (no sleeps of fixed length in tests). */
export async function until<T>(check: () => Promise<T> | T, ms = 5_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
