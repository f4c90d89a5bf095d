import type { DeliveredEvent } from "@nova/events";
import type { ServiceContext } from "../context.ts";
import type { Apply } from "../domain/notify.ts";

/** What an event does: prepared outside the transaction (peer reads), applied inside it. */
export type Plan = () => Promise<Apply | undefined>;
export type Planner = (ctx: ServiceContext, event: DeliveredEvent) => Plan | undefined;

/** Runs several applications in one transaction; their after-commit steps in order. */
export function both(...applies: (Apply | undefined)[]): Apply {
  return async (tx) => {
    const afters: (() => Promise<void>)[] = [];
    for (const apply of applies) {
      const after = await apply?.(tx);
      if (after) afters.push(after);
    }
    return afters.length === 0
      ? undefined
      : async () => {
          for (const after of afters) await after();
        };
  };
}

export const malformed = (event: DeliveredEvent, what: string) =>
  new Error(`${event.id}: ${event.type} without ${what}`);

export const timeOf = (ctx: ServiceContext, t: { seconds: bigint; nanos: number } | undefined) =>
  t ? new Date(Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6)) : ctx.clock();
