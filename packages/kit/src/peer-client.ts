import type { DescService } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import { closeServiceClient, createServiceClient, type RpcProtocol } from "@nova/rpc";
import type { BaseContext } from "./base-context.ts";

export interface PeerClientOptions {
  /** The service called, as in the SERVICES catalogue (`graph-service`). */
  target: string;
  /** Its base URL (the service's `<PEER>_URL` setting); default: the port convention. */
  baseUrl?: string;
  /** Default "connect" (HTTP port). "grpc"/"connect-h2" use the gRPC port, with mTLS when GRPC_TLS_* are set. */
  protocol?: RpcProtocol;
}

/**
 * The typed client of a peer as every service should make it: Nova's call semantics from
 * `@nova/rpc` (deadlines, retries, breaker, metrics, user-token propagation), this service's
 * service token on every call (and its client certificate on the gRPC port under mTLS), closed
 * with the context. No call site has to remember a credential.
 */
export function createPeerClient<S extends DescService>(
  ctx: BaseContext,
  service: S,
  opts: PeerClientOptions,
): Client<S> {
  const protocol = opts.protocol ?? "connect";
  const client = createServiceClient(service, {
    target: opts.target,
    config: ctx.config,
    protocol,
    ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
    ...(protocol !== "connect" && ctx.config.grpc.tls ? { tls: ctx.config.grpc.tls } : {}),
    registry: ctx.metrics.registry,
    identity: ctx.identity,
  });
  ctx.onClose(() => closeServiceClient(client));
  return client;
}
