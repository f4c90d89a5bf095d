import { AsyncLocalStorage } from "node:async_hooks";
import { runWithDeadline } from "@nova/resilience";

/** What an outgoing call inherits from the request being served. */
export interface CallContext {
  /** The end user's `authorization` header, forwarded so downstream services authorise the user. */
  authorization?: string;
  requestId?: string;
  /** The traceparent to send downstream (this hop's span as the parent). */
  traceparent?: string;
  /** Absolute deadline (epoch ms) of the incoming request, if it carried one. */
  deadlineAt?: number;
}

const storage = new AsyncLocalStorage<CallContext>();

/** The call context of the current async context, if any. */
export function getCallContext(): CallContext | undefined {
  return storage.getStore();
}

/** Runs `fn` with `ctx` as the call context; outgoing RPCs made inside inherit its headers and deadline. */
export function runWithCallContext<T>(ctx: CallContext, fn: () => T): T {
  const run = () => storage.run(ctx, fn);
  return ctx.deadlineAt === undefined ? run() : runWithDeadline(ctx.deadlineAt, run);
}
