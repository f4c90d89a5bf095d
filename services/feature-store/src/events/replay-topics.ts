import type { DeliveredEvent, EventBus } from "@nova/events";

export interface ReplayTopicsOptions {
  bus: EventBus;
  service: string;
  topics: readonly string[];
  /** The replay ends once no event arrived for this long (the group has caught up). */
  idleMs: number;
}

/**
 * Every retained event of `topics`, through a fresh consumer group of the bus (a new group reads
 * from the beginning, on Kafka as on the embedded bus). Each event is acknowledged only after the
 * consumer of this iterable has handled it (asked for the next one), so ordering and back-pressure
 * are the bus's own. Ends after `idleMs` without an event.
 */
export async function* replayTopics(opts: ReplayTopicsOptions): AsyncGenerator<DeliveredEvent> {
  const queue: { event: DeliveredEvent; done: () => void }[] = [];
  let wake: (() => void) | undefined;
  const subscription = await opts.bus.subscribe({
    service: opts.service,
    consumer: `replay-${Date.now().toString(36)}`,
    topics: opts.topics,
    handler: (event) =>
      new Promise<void>((done) => {
        queue.push({ event, done });
        wake?.();
      }),
  });
  try {
    for (;;) {
      if (queue.length === 0) {
        const arrived = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), opts.idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        wake = undefined;
        if (!arrived && queue.length === 0) return;
        continue;
      }
      const next = queue.shift() as { event: DeliveredEvent; done: () => void };
      yield next.event;
      next.done();
    }
  } finally {
    // Release a handler still waiting, so stop() can finish the event in hand.
    for (const pending of queue.splice(0)) pending.done();
    await subscription.stop();
  }
}
