import type { Logger } from "@nova/observability";
import { backoffDelay } from "@nova/resilience";
import { decodeEvent, UndecodableEventError } from "./decode-event.ts";
import type { BatchEventHandler, DeliveredEvent, EventHandler } from "./event-bus.ts";

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export function retryPolicy(opts: {
  maxAttempts?: number | undefined;
  retryBaseDelayMs?: number | undefined;
  retryMaxDelayMs?: number | undefined;
}): RetryPolicy {
  return {
    maxAttempts: Math.max(1, opts.maxAttempts ?? 5),
    baseDelayMs: opts.retryBaseDelayMs ?? 100,
    maxDelayMs: opts.retryMaxDelayMs ?? 5_000,
  };
}

/** handled: done; dead: give it to the DLQ; aborted: stopping — do not commit past it. */
export type DeliveryResult =
  | { outcome: "handled" }
  | { outcome: "dead"; error: string; attempts: number }
  | { outcome: "aborted" };

/**
 * Decodes and hands one message to the handler, retrying with backoff in place. Retrying in
 * place (rather than skipping ahead) keeps the key's later events behind the failing one.
 */
export async function deliverWithRetries(
  args: {
    topic: string;
    value: Uint8Array;
    headers: Readonly<Record<string, string>>;
    handler: EventHandler;
    policy: RetryPolicy;
    log: Logger;
  },
  isStopping: () => boolean,
): Promise<DeliveryResult> {
  let event: ReturnType<typeof decodeEvent>;
  try {
    event = decodeEvent(args.topic, args.value, args.headers);
  } catch (error) {
    if (error instanceof UndecodableEventError) return { outcome: "dead", error: error.message, attempts: 0 };
    throw error;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await args.handler({ ...event, attempt });
      return { outcome: "handled" };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= args.policy.maxAttempts) return { outcome: "dead", error: message, attempts: attempt };
      args.log.warn("event handler failed; retrying", {
        topic: args.topic,
        eventId: event.id,
        eventType: event.type,
        attempt,
        error: message,
      });
      if (isStopping()) return { outcome: "aborted" };
      await Bun.sleep(Math.max(10, backoffDelay(attempt, args.policy)));
      if (isStopping()) return { outcome: "aborted" };
    }
  }
}

/** A fetched message as the delivery helpers need it. */
export interface FetchedRecord {
  value: Uint8Array;
  headers: Readonly<Record<string, string>>;
}

/**
 * Offers a whole fetched batch to the subscription's batch handler in one call. "handled": every
 * record was applied, commit past the batch; "fall back": deliver each record alone with
 * deliverWithRetries (no batch handler, a single record, an undecodable record, stopping, or the
 * batch handler threw — then nothing of it must have applied, e.g. its transaction rolled back).
 */
export async function deliverBatch(
  args: {
    topic: string;
    records: readonly FetchedRecord[];
    batchHandler: BatchEventHandler | undefined;
    log: Logger;
  },
  isStopping: () => boolean,
): Promise<"handled" | "fall back"> {
  if (!args.batchHandler || args.records.length < 2 || isStopping()) return "fall back";
  let events: DeliveredEvent[];
  try {
    events = args.records.map((r) => decodeEvent(args.topic, r.value, r.headers));
  } catch (error) {
    // The per-event path dead-letters what does not decode.
    if (error instanceof UndecodableEventError) return "fall back";
    throw error;
  }
  try {
    await args.batchHandler(events);
    return "handled";
  } catch (error) {
    args.log.warn("event batch handler failed; delivering the events one by one", {
      topic: args.topic,
      count: events.length,
      error: error instanceof Error ? error.message : String(error),
    });
    return "fall back";
  }
}
