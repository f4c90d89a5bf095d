import type { DescService } from "@bufbuild/protobuf";
import type { ConnectRouter, ServiceImpl } from "@connectrpc/connect";
import { type RpcGuard, rpcAccessGate } from "./rpc-gate.ts";
import type { RpcAccess } from "./service-caller.ts";

/** One RPC's handler with who may call it. */
export interface RpcDeclaration<H> {
  readonly access: RpcAccess;
  readonly handler: H;
}

/** Every method of `S`, each declared: leaving one out is a type error (and a start-up error). */
export type RpcDeclarations<S extends DescService> = {
  [K in keyof ServiceImpl<S>]-?: RpcDeclaration<NonNullable<ServiceImpl<S>[K]>>;
};

/** Callable by end-user clients with their access token (and by services). */
export function publicRpc<H>(handler: H): RpcDeclaration<H> {
  return { access: "public", handler };
}

/** Callable by Nova services only (a verified service credential). */
export function internalRpc<H>(handler: H): RpcDeclaration<H> {
  return { access: "internal", handler };
}

// What each router had declared, so the server can refuse to start with an undeclared RPC.
const declared = new WeakMap<ConnectRouter, Map<string, RpcAccess>>();

/**
 * Registers `service` on `router` with each RPC's access declaration and the gate that enforces
 * it (before any handler, on the HTTP and the gRPC listener alike).
 */
export function serveRpc<S extends DescService>(
  router: ConnectRouter,
  service: S,
  rpcs: RpcDeclarations<S>,
  guard: RpcGuard,
): void {
  const byName = rpcs as unknown as Record<string, RpcDeclaration<unknown> | undefined>;
  const access = new Map<string, RpcAccess>();
  const impl: Record<string, unknown> = {};
  for (const method of service.methods) {
    const rpc = byName[method.localName];
    if (!rpc || (rpc.access !== "public" && rpc.access !== "internal"))
      throw new Error(`${service.typeName}/${method.name} has no access declaration (public or internal)`);
    access.set(method.localName, rpc.access);
    impl[method.localName] = rpc.handler;
  }
  router.service(service, impl as ServiceImpl<S>, {
    requestGate: rpcAccessGate(guard, (name) => access.get(name)),
  });
  const all = declared.get(router) ?? new Map<string, RpcAccess>();
  for (const method of service.methods)
    all.set(`${service.typeName}/${method.name}`, access.get(method.localName) as RpcAccess);
  declared.set(router, all);
}

/** Services whose RPCs need no declaration: health probes carry no credential. */
const OPEN_SERVICES = new Set(["grpc.health.v1.Health"]);

/** The declared access of every RPC registered through `serveRpc` on `router` (`Service/Method` → access). */
export function rpcAccessOf(router: ConnectRouter): ReadonlyMap<string, RpcAccess> {
  return declared.get(router) ?? new Map();
}

/** Throws naming every RPC on `router` (except grpc.health.v1) that was not registered with a declaration. */
export function assertRpcAccessDeclared(router: ConnectRouter): void {
  const known = rpcAccessOf(router);
  const missing = router.handlers
    .filter((h) => !OPEN_SERVICES.has(h.service.typeName))
    .map((h) => `${h.service.typeName}/${h.method.name}`)
    .filter((name) => !known.has(name));
  if (missing.length)
    throw new Error(
      `RPCs without an access declaration (register them with serveRpc): ${[...new Set(missing)].join(", ")}`,
    );
}
