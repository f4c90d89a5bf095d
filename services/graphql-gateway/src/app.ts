import { type AuthContext, authenticate, SERVICE_TOKEN_HEADER } from "@nova/auth";
import { UnauthenticatedError } from "@nova/errors";
import { currentClientIp, type ServiceSurface } from "@nova/server";
import type { ServiceContext } from "./context.ts";

/** The gateway's only door is /graphql; it holds no business resolvers. */
export function createApp(ctx: ServiceContext): ServiceSurface {
  // The verified caller of each /graphql request, from the edge middleware to the GraphQL context.
  const callers = new WeakMap<Request, { auth: AuthContext | undefined; service: string | undefined }>();
  const serviceCaller = async (token: string | undefined) =>
    token === undefined ? undefined : await ctx.identity.verify(token);
  return {
    http: (app) => {
      // Anonymous queries pass; a bad, expired or revoked token is a 401 problem here, not upstream.
      app.use("/graphql", authenticate(ctx.verifier, { optional: true }));
      app.use("/graphql", async (c, next) => {
        const service = await serviceCaller(c.req.header(SERVICE_TOKEN_HEADER));
        callers.set(c.req.raw, { auth: c.get("auth" as never) as AuthContext | undefined, service });
        await next();
      });
    },
    // Production: metrics and docs only for a service credential (the scraper, internal tools).
    ...(ctx.production
      ? {
          opsGuard: async (c, next) => {
            if (!(await serviceCaller(c.req.header(SERVICE_TOKEN_HEADER))))
              throw new UnauthenticatedError("a service credential is required");
            await next();
          },
        }
      : {}),
    graphql: (request, call) => {
      // The client's address as the kit resolved it (socket peer, or the ingress's forwarded hop
      // when the peer is in TRUSTED_PROXIES) is the one hop services see: they believe it because
      // the gateway is in their TRUSTED_PROXIES; whatever the client put in X-Forwarded-For is dropped.
      const clientIp = currentClientIp();
      const caller = callers.get(request);
      const handle = (req: Request) =>
        ctx.gateway.handle(req, {
          upstreamHeaders: {
            "x-request-id": call.requestId,
            traceparent: call.traceparent,
            ...(clientIp ? { "x-forwarded-for": clientIp } : {}),
          },
          caller: {
            accountId: caller?.auth?.accountId,
            service: caller?.service,
            ip: clientIp,
            auth: caller?.auth,
          },
        });
      // A signed-out caller's public query may be answered from the response cache.
      const signedOut = !caller?.auth && !caller?.service && !request.headers.has("authorization");
      return signedOut && ctx.responseCache ? ctx.responseCache.serve(request, handle) : handle(request);
    },
  };
}
