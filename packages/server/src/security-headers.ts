/** What every API response may load or be framed by: nothing. Pages (docs, GraphiQL) set their own. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** One year, subdomains included: what HSTS preload lists expect. */
const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Security headers on every response of the HTTP port: no MIME sniffing, no framing (the header
 * and the CSP directive, for old and new browsers), no referrer leaking ids in URLs, resources
 * readable only by this origin, and HSTS where TLS is guaranteed (production and staging; a dev
 * machine on plain http would otherwise be pinned). A handler that sets its own CSP or resource
 * policy (an HTML page, a media file) keeps it. Applied to a response's headers by the edge
 * (mount-edge-guards.ts), in the same middleware as CORS.
 */
export function securityHeaders(opts: { env: string }): (headers: Headers) => void {
  const hsts = opts.env === "production" || opts.env === "staging";
  return function setSecurityHeaders(h) {
    h.set("x-content-type-options", "nosniff");
    h.set("x-frame-options", "DENY");
    h.set("referrer-policy", "no-referrer");
    if (!h.has("content-security-policy")) h.set("content-security-policy", API_CONTENT_SECURITY_POLICY);
    if (!h.has("cross-origin-resource-policy")) h.set("cross-origin-resource-policy", "same-origin");
    if (hsts) h.set("strict-transport-security", HSTS);
  };
}
