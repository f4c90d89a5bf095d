import { stripControlCharacters } from "@nova/errors";

/** Where a request came from; recorded on sessions and in the audit log, and keyed by rate limits. */
export interface RequestMeta {
  /** The validated client IP (see @nova/server's resolveClientIp); "" when unknown. */
  ip: string;
  userAgent: string;
}

/**
 * Trims and bounds what clients send, so a hostile header cannot bloat rows; control characters
 * are dropped from the user agent (a header is not worth refusing a login over, but it is stored
 * and shown in the session list).
 */
export function cleanMeta(meta: RequestMeta): RequestMeta {
  return { ip: meta.ip.slice(0, 64), userAgent: stripControlCharacters(meta.userAgent).slice(0, 512) };
}
