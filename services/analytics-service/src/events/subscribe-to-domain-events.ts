import { type DeliveredEvent, deletedAccountId, type Subscription, serviceTopic } from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { eraseAccountAnalytics } from "../domain/erase-account-analytics.ts";
import { forwardFeedback } from "../domain/forward-feedback.ts";
import type { EventRow } from "../store/event-row.ts";
import { domainEventRow } from "./domain-event-rows.ts";

/** The services whose topics analytics reads (signups, posts, comments, likes, reposts, follows, feed pages). */
export const SOURCE_SERVICES = [
  "identity-service",
  "content-service",
  "social-service",
  "graph-service",
  "feed-service",
] as const;

/**
 * Applies a run of delivered events: account deletions erase first (idempotent — AccountDeleted
 * comes twice), then the counted types become rows, written in one batched insert. The row id is
 * the event id and the store ignores known ids, so redeliveries change nothing: no ledger needed.
 */
export function handleDomainEvents(ctx: ServiceContext) {
  return async function ingestDomainEvents(events: readonly DeliveredEvent[]): Promise<void> {
    const rows: EventRow[] = [];
    for (const event of events) {
      const accountId = deletedAccountId(event);
      if (accountId) {
        if (rows.length > 0) {
          const before = rows.splice(0);
          await ctx.ingest.write(before);
          await forwardFeedback(ctx, before);
        }
        await eraseAccountAnalytics({ ctx, input: { accountId } });
        continue;
      }
      rows.push(...domainRows(event));
    }
    await ctx.ingest.write(rows);
    await forwardFeedback(ctx, rows);
  };
}

function domainRows(event: DeliveredEvent): EventRow[] {
  const row = domainEventRow(event);
  return row ? [row] : [];
}

export function subscribeToDomainEvents(ctx: ServiceContext): Promise<Subscription> {
  const handle = handleDomainEvents(ctx);
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    topics: SOURCE_SERVICES.map((s) => serviceTopic(s)),
    registry: ctx.metrics.registry,
    handler: (event) => handle([event]),
    batchHandler: handle,
  });
}
