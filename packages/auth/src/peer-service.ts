import { createContextKey } from "@connectrpc/connect";

/**
 * Connect context value set by the gRPC listener when the call came over mTLS: the service named by
 * the client certificate (its CN), already verified against the CA during the handshake. The RPC
 * gate takes it as the calling service; it is never read from a header.
 */
export const peerServiceKey = createContextKey<string | undefined>(undefined, {
  description: "nova mTLS peer service",
});

/** The service a verified client certificate names: its subject CN, if it looks like a service name. */
export function serviceFromCertificate(
  cert: { subject?: { CN?: string | string[] } } | undefined,
): string | undefined {
  const cn = cert?.subject?.CN;
  const name = Array.isArray(cn) ? cn[0] : cn;
  return name && /^[a-z][a-z0-9-]{0,62}$/.test(name) ? name : undefined;
}
