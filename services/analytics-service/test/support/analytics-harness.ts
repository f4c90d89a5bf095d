import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { StaffRole } from "@nova/auth";
import { type DeliveredEvent, serviceTopic } from "@nova/events";
import { startServiceUnderTest } from "@nova/kit/testing";
import { AnalyticsService } from "@nova/proto/analytics/v1";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext } from "../../src/context.ts";
import { handleDomainEvents } from "../../src/events/subscribe-to-domain-events.ts";
import type { RankingLog } from "../../src/peers/ranking-log.ts";

/** analytics-service in process on a fresh PGlite database (embedded store), no consumer running. */
export async function startAnalyticsService(opts: { env?: Record<string, string> } = {}) {
  const ranking: { impressions: unknown[]; feedback: { viewerId: string; feedback: unknown[] }[] } = {
    impressions: [],
    feedback: [],
  };
  const rankingLog: RankingLog = {
    logImpressions: async (input) => {
      ranking.impressions.push(input);
    },
    logFeedback: async (viewerId, feedback) => {
      ranking.feedback.push({ viewerId, feedback });
    },
  };
  const h = await startServiceUnderTest(
    { name: "analytics-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      database: "pglite",
      defaultCaller: "identity-service",
      overrides: { rankingLog },
      ...(opts.env ? { env: opts.env } : {}),
    },
  );
  const handle = handleDomainEvents(h.ctx);
  return {
    ...h,
    /** What was passed on to ranking-service's log. */
    ranking,
    rpc: (as?: Parameters<typeof h.rpc>[1]) => h.rpc(AnalyticsService, as),
    /** A new account's token carrying `roles`. */
    async staff(...roles: StaffRole[]) {
      const id = Bun.randomUUIDv7();
      return { id, token: await h.issuer.sign({ accountId: id, roles }) };
    },
    /** Hands the consumer's batch handler these events, as the bus would (redeliveries included). */
    deliver: (...events: DeliveredEvent[]) => handle(events),
    json: async (path: string, token?: string, init?: RequestInit) => {
      const res = await h.request(path, { ...init, token });
      // biome-ignore lint/suspicious/noExplicitAny: answers are JSON shaped by each verb; the assertions check them
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    },
  };
}

/** A peer's event as the bus delivers it (the real envelope, a packed payload). */
export function peerEvent<Desc extends DescMessage>(
  service: string,
  schema: Desc,
  init: MessageInitShape<Desc>,
  id = Bun.randomUUIDv7(),
): DeliveredEvent {
  const occurredAt = new Date();
  const envelope = create(EventEnvelopeSchema, {
    id,
    type: schema.typeName,
    aggregateId: id,
    occurredAt: timestampFromDate(occurredAt),
    payload: anyPack(schema, create(schema, init)),
    source: service,
  });
  return {
    id,
    type: schema.typeName,
    aggregateId: id,
    occurredAt,
    traceparent: undefined,
    source: service,
    topic: serviceTopic(service),
    headers: {},
    envelope,
    attempt: 1,
  };
}
