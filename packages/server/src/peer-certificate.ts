import type { TLSSocket } from "node:tls";
import { createContextValues } from "@connectrpc/connect";
import { peerServiceKey, serviceFromCertificate } from "@nova/auth";

/**
 * Context values of a call on the gRPC port: over mTLS, the service its client certificate names
 * (the handshake already verified the certificate against the CA). Over h2c, nothing.
 */
export function peerCertificateValues(req: { socket: unknown }) {
  const values = createContextValues();
  const socket = req.socket as Partial<TLSSocket> | undefined;
  if (socket?.authorized === true && typeof socket.getPeerCertificate === "function") {
    const service = serviceFromCertificate(socket.getPeerCertificate());
    if (service) values.set(peerServiceKey, service);
  }
  return values;
}
