/** Where a request came from; recorded on sessions and in the audit log, and keyed by rate limits. */
export interface RequestMeta {
  /** The validated client IP (see @nova/server's resolveClientIp); "" when unknown. */
  ip: string;
  userAgent: string;
}

/** Trims and bounds what clients send, so a hostile header cannot bloat rows. */
export function cleanMeta(meta: RequestMeta): RequestMeta {
  return { ip: meta.ip.slice(0, 64), userAgent: meta.userAgent.slice(0, 512) };
}
