import { AsyncLocalStorage } from "node:async_hooks";
import { canonicalIp, type TrustedProxies } from "@nova/config";
import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/bun";

// A forwarded chain longer than this is cut: no real path has more proxies, and a hostile header
// must not cost more than a few checks.
const MAX_HOPS = 16;

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy; then the
 * `X-Forwarded-For` hops are walked right to left, skipping trusted ones, and the first untrusted
 * hop is the client. A hop that is not an IP address ends the walk at the last good one, so the
 * answer is always a canonical IP address (never a client-chosen string), or undefined when there
 * is no socket (in-process `app.request`).
 */
export function resolveClientIp(
  peer: string | undefined,
  forwardedFor: string | null | undefined,
  trusted: TrustedProxies,
): string | undefined {
  let client = canonicalIp(peer);
  if (!client || !trusted.has(client) || !forwardedFor) return client;
  const hops = forwardedFor.split(",").slice(-MAX_HOPS);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalIp(hops[i]?.trim());
    if (!hop) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}

/** The socket peer's address under Bun.serve; undefined without a socket (tests' `app.request`). */
function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

const scope = new AsyncLocalStorage<string | undefined>();

/**
 * The client IP of the request being served (REST, GraphQL or Connect on the HTTP port), for code
 * below the doors — e.g. a domain verb's per-IP rate limit. Undefined outside a request, on the
 * gRPC port, and without a socket.
 */
export function currentClientIp(): string | undefined {
  return scope.getStore();
}

/** Sets the `clientIp` variable (see resolveClientIp) and the scope `currentClientIp()` reads. */
export function clientIpMiddleware(trusted: TrustedProxies): MiddlewareHandler<{
  Variables: { clientIp: string | undefined };
}> {
  return async function clientIp(c, next) {
    const ip = resolveClientIp(peerAddress(c), c.req.header("x-forwarded-for"), trusted);
    c.set("clientIp", ip);
    await scope.run(ip, next);
  };
}
