import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { ServiceServer } from "./create-service-server.ts";
import { peerCertificateValues } from "./peer-certificate.ts";
import { unsupportedRpcCompression } from "./rpc-compression.ts";

type NodeHandler = ReturnType<typeof connectNodeAdapter>;

/**
 * The gRPC port's request handler: Connect's node adapter with the server's routes, interceptors
 * and RPC limits (read limit, accepted compressions), answering an unsupported Connect request
 * compression with 415 instead of Connect's 501, like the HTTP port.
 */
export function createRpcNodeHandler(server: ServiceServer): NodeHandler {
  const adapter = connectNodeAdapter({
    routes: server.routes,
    interceptors: server.interceptors,
    ...server.rpcOptions,
    // Over mTLS, the service the client certificate names becomes the call's peer service.
    contextValues: peerCertificateValues,
  });
  return function handleNodeRpc(req, res) {
    const refused = unsupportedRpcCompression(req.method ?? "POST", `http://rpc${req.url ?? "/"}`, (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    });
    if (!refused) return adapter(req, res);
    res.writeHead(refused.status, refused.headers);
    res.end(refused.body);
  };
}
