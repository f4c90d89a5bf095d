import { authenticate } from "@nova/auth";
import { currentClientIp, type ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";

/** The gateway's only door is /graphql; it holds no business resolvers. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  return {
    http: (app) => {
      // Anonymous queries pass; a bad, expired or revoked token is a 401 problem here, not upstream.
      app.use("/graphql", authenticate(ctx.verifier, { optional: true }));
    },
    graphql: (request, call) => {
      // The client's address as the kit resolved it (socket peer, or the ingress's forwarded hop
      // when the peer is in TRUSTED_PROXIES) is the one hop services see: they believe it because
      // the gateway is in their TRUSTED_PROXIES; whatever the client put in X-Forwarded-For is dropped.
      const clientIp = currentClientIp();
      return ctx.gateway.handle(request, {
        upstreamHeaders: {
          "x-request-id": call.requestId,
          traceparent: call.traceparent,
          ...(clientIp ? { "x-forwarded-for": clientIp } : {}),
        },
      });
    },
  };
}
