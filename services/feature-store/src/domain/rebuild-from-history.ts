import { withTransaction } from "@nova/db";
import { consumerGroup, type DeliveredEvent, idempotentHandler } from "@nova/events";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { clearStates } from "../db/entity-state-queries.ts";
import { processedEvents } from "../db/schema/index.ts";
import { applySourceEvent } from "./apply-source-event.ts";

export interface RebuildResult {
  /** Events read from the history. */
  read: number;
  /** Events that changed at least one entity. */
  materialised: number;
}

/**
 * Rebuilds every feature from an event history: drops the states, the offline history, the cached
 * copies and the consumer's ledger, then applies each event as the live consumer would (same verb,
 * same ledger, so the live consumer will not apply them again). Run it while the service's consumer
 * is stopped: an event the live consumer applies during the rebuild would land on a partial state.
 */
export async function rebuildFromHistory({
  ctx,
  history,
}: {
  ctx: Pick<ServiceContext, "db" | "offline" | "online" | "config" | "log">;
  history: AsyncIterable<DeliveredEvent>;
}): Promise<RebuildResult> {
  const consumer = consumerGroup(ctx.config.service.name);
  await withTransaction(ctx.db.db, async (tx) => {
    await clearStates(tx);
    await tx.delete(processedEvents).where(eq(processedEvents.consumer, consumer));
  });
  await ctx.offline.clear();
  await ctx.online.clear();
  const result: RebuildResult = { read: 0, materialised: 0 };
  for await (const event of history) {
    result.read++;
    let afterCommit: (() => Promise<void>) | undefined;
    await idempotentHandler({
      db: ctx.db.db,
      table: processedEvents,
      consumer,
      handle: async (e, tx) => {
        const applied = await applySourceEvent({ ctx, tx, event: e });
        if (applied.changes.length > 0) result.materialised++;
        afterCommit = applied.afterCommit;
      },
    })(event);
    await afterCommit?.();
  }
  return result;
}
