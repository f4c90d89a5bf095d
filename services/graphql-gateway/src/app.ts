import { authenticate } from "@nova/auth";
import type { ServiceSurface } from "@nova/server";
import { getConnInfo } from "hono/bun";
import type { ServiceContext } from "./context.ts";
import { appendForwardedFor } from "./graphql/index.ts";

/** The socket peer of each /graphql request, recorded by a middleware the kit runs before the handler. */
const peers = new WeakMap<Request, string>();

function peerAddress(c: Parameters<typeof getConnInfo>[0]): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // app.request() in tests has no socket
  }
}

/** The gateway's only door is /graphql; it holds no business resolvers. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  return {
    http: (app) => {
      app.use("/graphql", async function recordPeer(c, next) {
        const address = peerAddress(c);
        if (address) peers.set(c.req.raw, address);
        await next();
      });
      // Anonymous queries pass; a bad, expired or revoked token is a 401 problem here, not upstream.
      app.use("/graphql", authenticate(ctx.verifier, { optional: true }));
    },
    graphql: (request, call) => {
      const xff = appendForwardedFor(request.headers.get("x-forwarded-for"), peers.get(request));
      return ctx.gateway.handle(request, {
        upstreamHeaders: {
          "x-request-id": call.requestId,
          traceparent: call.traceparent,
          ...(xff ? { "x-forwarded-for": xff } : {}),
        },
      });
    },
  };
}
