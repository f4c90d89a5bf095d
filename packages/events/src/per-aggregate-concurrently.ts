import type { BatchEventHandler, DeliveredEvent, EventHandler } from "./event-bus.ts";

/**
 * A batch handler that runs `handler` on the events of one aggregate in order and on different
 * aggregates side by side, at most `concurrency` at a time — the order a keyed topic promises
 * (Kafka orders per key only), with a consumer's round trips overlapped instead of queued. For
 * consumers whose effects are idempotent: when an event fails, the batch throws once every started
 * chain has settled, and the bus delivers each event of the batch alone again, the applied ones too.
 */
export function perAggregateConcurrently(handler: EventHandler, concurrency: number): BatchEventHandler {
  if (!(concurrency >= 1)) throw new RangeError("perAggregateConcurrently: concurrency must be ≥ 1");
  return async function handleAggregatesConcurrently(events) {
    const chains = new Map<string, DeliveredEvent[]>();
    for (const event of events) {
      const chain = chains.get(event.aggregateId);
      if (chain) chain.push(event);
      else chains.set(event.aggregateId, [event]);
    }
    const queue = [...chains.values()];
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (!failure && next < queue.length) {
        for (const event of queue[next++] as DeliveredEvent[]) {
          try {
            await handler(event);
          } catch (error) {
            failure ??= { error };
            return;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    if (failure) throw failure.error;
  };
}
