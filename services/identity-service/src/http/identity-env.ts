import type { AuthVariables } from "@nova/auth";
import { currentClientIp, type RequestVariables } from "@nova/server";
import type { Context } from "hono";
import type { RequestMeta } from "../domain/request-meta.ts";

/** Hono env of identity's REST routes: the kit's variables plus the verified caller. */
export type IdentityEnv = { Variables: RequestVariables & AuthVariables };

/**
 * Where the request came from: the kit's validated client IP (the socket peer, or the forwarded
 * address when the peer is a trusted proxy — TRUSTED_PROXIES) and the user agent.
 */
export function requestMeta(c: Context<IdentityEnv>): RequestMeta {
  return { ip: currentClientIp() ?? "", userAgent: c.req.header("user-agent") ?? "" };
}
