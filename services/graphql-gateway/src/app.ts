import type { ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";

/** The gateway's only door is /graphql; it holds no business resolvers. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  return {
    graphql: (request, call) =>
      ctx.gateway.handle(request, {
        upstreamHeaders: { "x-request-id": call.requestId, traceparent: call.traceparent },
      }),
  };
}
