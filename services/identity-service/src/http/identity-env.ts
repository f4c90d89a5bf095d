import type { AuthVariables } from "@nova/auth";
import type { RequestVariables } from "@nova/server";
import type { Context } from "hono";
import { getConnInfo } from "hono/bun";
import type { RequestMeta } from "../domain/request-meta.ts";

/** Hono env of identity's REST routes: the kit's variables plus the verified caller. */
export type IdentityEnv = { Variables: RequestVariables & AuthVariables };

/**
 * The client's address: the last X-Forwarded-For hop (what the nearest proxy — the ingress —
 * saw; earlier hops are client-controlled), else the socket's peer.
 */
export function clientIp(headers: Headers, peer?: () => string | undefined): string {
  const xff = headers.get("x-forwarded-for");
  if (xff) {
    const hops = xff
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  return peer?.() ?? "unknown";
}

export function requestMeta(c: Context): RequestMeta {
  return {
    ip: clientIp(c.req.raw.headers, () => {
      try {
        return getConnInfo(c).remote.address;
      } catch {
        return undefined; // app.request() in tests has no socket
      }
    }),
    userAgent: c.req.header("user-agent") ?? "",
  };
}
