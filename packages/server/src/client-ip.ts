import { AsyncLocalStorage } from "node:async_hooks";
import { canonicalIp, type TrustedProxies } from "@nova/config";
import type { MiddlewareHandler } from "hono";

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
  let client = canonicalPeer(peer);
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

type PeerSource = { requestIP?: (request: Request) => { address: string } | null };

/**
 * The socket peer's address of `request` under Bun.serve (`server` is the fetch handler's `env`,
 * or its `server` field); undefined without a socket (tests' `app.request`). Read from the server
 * directly: hono/bun's getConnInfo builds an info object per call and is deprecated.
 */
function peerAddress(env: unknown, request: Request): string | undefined {
  const e = env as (PeerSource & { server?: PeerSource }) | undefined;
  const server = e && typeof e === "object" && "server" in e ? e.server : e;
  if (typeof server?.requestIP !== "function") return undefined;
  try {
    return server.requestIP(request)?.address;
  } catch {
    return undefined;
  }
}

/**
 * canonicalIp per peer string: a service sees few distinct peers (the ingress, its callers), and
 * this runs on every request. Bounded: beyond `MAX_PEERS` distinct peers it is simply recomputed.
 */
const MAX_PEERS = 1024;
const canonicalPeers = new Map<string, string | undefined>();
function canonicalPeer(peer: string | undefined): string | undefined {
  if (peer === undefined) return undefined;
  if (canonicalPeers.has(peer)) return canonicalPeers.get(peer);
  const ip = canonicalIp(peer);
  if (canonicalPeers.size < MAX_PEERS) canonicalPeers.set(peer, ip);
  return ip;
}

/** One request's client IP, resolved on first read (most requests never ask: reads need no per-IP limit). */
interface ClientIpSlot {
  resolved: boolean;
  ip: string | undefined;
  resolve(): string | undefined;
}

const scope = new AsyncLocalStorage<ClientIpSlot>();

/**
 * The client IP of the request being served (REST, GraphQL or Connect on the HTTP port), for code
 * below the doors — e.g. a domain verb's per-IP rate limit, or a REST handler. Undefined outside a
 * request, on the gRPC port, and without a socket. Read it while the request is being served.
 */
export function currentClientIp(): string | undefined {
  const slot = scope.getStore();
  if (!slot) return undefined;
  if (!slot.resolved) {
    slot.ip = slot.resolve();
    slot.resolved = true;
  }
  return slot.ip;
}

/**
 * Opens the scope `currentClientIp()` reads (see resolveClientIp). The address is looked up only
 * when asked: asking the socket for its peer costs a system call, on every hop of every request.
 * The request as it arrived is kept for that (the body guard may replace `c.req.raw`).
 */
export function clientIpMiddleware(trusted: TrustedProxies): MiddlewareHandler {
  return async function clientIp(c, next) {
    const env = c.env;
    const request = c.req.raw;
    const slot: ClientIpSlot = {
      resolved: false,
      ip: undefined,
      resolve: () =>
        resolveClientIp(peerAddress(env, request), request.headers.get("x-forwarded-for"), trusted),
    };
    await scope.run(slot, next);
  };
}
