export { type BaseContext, type BaseContextOptions, createBaseContext } from "./base-context.ts";
export { type DevServicePaths, devServicePaths, ensureDevPki, NO_TLS_NOTE } from "./dev-pki.ts";
export { createServiceEventBus } from "./event-bus.ts";
export { createPeerClient, type PeerClientOptions } from "./peer-client.ts";
export { installSignalHandlers, runService } from "./run-service.ts";
export { createServiceCacheStore, createServiceTokenVerifier } from "./service-clients.ts";
export { createServiceIdentityFromConfig, devPkiDir } from "./service-identity.ts";
export type { BaseContextOverrides, ServiceModule } from "./service-module.ts";
export { type StartedService, startService } from "./start-service.ts";
