import type { DescService } from "@bufbuild/protobuf";
import { type Client, createClient, type Interceptor } from "@connectrpc/connect";
import type { ServiceIdentity } from "@nova/auth";
import type { BaseConfig } from "@nova/config";
import { type Clock, createPolicy, type Policy, policyPresets } from "@nova/resilience";
import type { Registry } from "prom-client";
import { createBaseTransport } from "./base-transport.ts";
import { clientMetrics } from "./client-metrics.ts";
import { createResilientTransport } from "./resilient-transport.ts";
import { type RpcProtocol, resolveTargetUrl } from "./target-url.ts";
import { type TlsFileWatcher, type TlsPaths, tlsPathsFromEnv, watchTlsFiles } from "./tls-files.ts";

/** How to reach and guard one upstream service. */
export interface ServiceClientOptions {
  /** The service called, as in the SERVICES catalogue (`user-service`). */
  target: string;
  /** The caller's config: its name (x-nova-caller-service), GRPC_REQUEST_TIMEOUT, pool size. */
  config: Pick<BaseConfig, "service" | "grpc">;
  /**
   * Environment for `<SERVICE>_URL` / `<SERVICE>_GRPC_URL` and GRPC_TLS_*_PATH (main.ts passes
   * process.env; nothing here reads it implicitly).
   */
  env?: Record<string, string | undefined>;
  /** Default "connect": Connect over HTTP/1.1 to the HTTP port, the fastest measured on Bun. */
  protocol?: RpcProtocol;
  /** Explicit base URL (tests, ephemeral ports); wins over env and the port convention. */
  baseUrl?: string;
  /** Registry for grpc_client_* and resilience_* metrics. */
  registry?: Registry;
  /** The upstream's policy; by default one shared rpc preset per (registry, target). false: none. */
  policy?: Policy | false;
  /** mTLS material for the HTTP/2 protocols; defaults to GRPC_TLS_*_PATH from `env` when set. */
  tls?: TlsPaths | TlsFileWatcher;
  interceptors?: Interceptor[];
  clock?: Clock;
  /**
   * The calling service's identity (`ctx.identity` from @nova/kit): each call carries a service
   * token for `target` (x-nova-service-token), which internal RPCs require. `@nova/kit`'s
   * `createPeerClient` passes it; without it only public RPCs answer.
   */
  identity?: Pick<ServiceIdentity, "tokenFor">;
}

const closers = new WeakMap<object, () => void>();
const sharedPolicies = new WeakMap<object, Map<string, Policy>>();
const NO_REGISTRY = {};

// One breaker per upstream, however many clients (or services, in the embedded default) use it.
function sharedPolicy(
  target: string,
  timeoutMs: number,
  registry: Registry | undefined,
  clock?: Clock,
): Policy {
  const key = registry ?? NO_REGISTRY;
  const byTarget = sharedPolicies.get(key) ?? new Map<string, Policy>();
  sharedPolicies.set(key, byTarget);
  let policy = byTarget.get(target);
  if (!policy) {
    const { timeoutMs: _deadlineIsTheTransports, ...preset } = policyPresets.rpc(timeoutMs);
    policy = createPolicy({ ...preset, name: target, registry, clock });
    byTarget.set(target, policy);
  }
  return policy;
}

/** Creates the typed Connect client of `service` on `opts.target`, with Nova's call semantics. */
export function createServiceClient<S extends DescService>(
  service: S,
  opts: ServiceClientOptions,
): Client<S> {
  const protocol = opts.protocol ?? "connect";
  const tlsPaths = opts.tls ?? (protocol === "connect" ? undefined : tlsPathsFromEnv(opts.env ?? {}));
  const tls = tlsPaths && "certPath" in tlsPaths ? watchTlsFiles(tlsPaths) : tlsPaths;
  const baseUrl = opts.baseUrl ?? resolveTargetUrl(opts.target, protocol, { env: opts.env, tls: !!tls });
  const wire = createBaseTransport({
    protocol,
    baseUrl,
    tls,
    poolSize: opts.config.grpc.connectionPoolSize,
    interceptors: opts.interceptors,
    // The resilient transport below hands every call a signal that fires at its deadline.
    signalCarriesDeadline: true,
  });
  const timeoutMs = opts.config.grpc.requestTimeoutMs;
  const transport = createResilientTransport(wire.transport, {
    caller: opts.config.service.name,
    target: opts.target,
    defaultTimeoutMs: timeoutMs,
    policy:
      opts.policy === false
        ? undefined
        : (opts.policy ?? sharedPolicy(opts.target, timeoutMs, opts.registry, opts.clock)),
    metrics: opts.registry ? clientMetrics(opts.registry) : undefined,
    clock: opts.clock,
    identity: opts.identity,
  });
  const client = createClient(service, transport);
  closers.set(client, () => {
    wire.close();
    // Only watchers created here are ours to stop.
    if (tlsPaths && "certPath" in tlsPaths) tls?.close();
  });
  return client;
}

/** Closes the HTTP/2 sessions (and TLS file watcher) of a client made by createServiceClient. */
export function closeServiceClient(client: object): void {
  closers.get(client)?.();
  closers.delete(client);
}
