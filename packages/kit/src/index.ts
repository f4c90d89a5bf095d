export { type BaseContext, type BaseContextOptions, createBaseContext } from "./base-context.ts";
export {
  type CheckFailMode,
  checkTexts,
  moderationUnansweredCounter,
  type TextCheck,
} from "./check-texts.ts";
export {
  createServiceContext,
  type PeerClientsOf,
  type PeerSpec,
  type ServiceContextOverrides,
  type ServiceRuntime,
  type ServiceSpec,
  type Stoppable,
} from "./create-service-context.ts";
export { type DevServicePaths, devServicePaths, ensureDevPki, NO_TLS_NOTE } from "./dev-pki.ts";
export { createServiceEventBus } from "./event-bus.ts";
export { createPeerClient, type PeerClientOptions } from "./peer-client.ts";
export { REVOCATION_CHANNEL, REVOCATION_SET_KEY } from "./revocation-channel.ts";
export { installSignalHandlers, runService } from "./run-service.ts";
export { createServiceCacheStore, createServiceTokenVerifier } from "./service-clients.ts";
export { createServiceIdentityFromConfig, devPkiDir } from "./service-identity.ts";
export type { BaseContextOverrides, ServiceModule } from "./service-module.ts";
export { createServiceWriteLimits, type ServiceWriteLimits } from "./service-write-limits.ts";
export {
  type RevocationViewOptions,
  type ServiceRevocations,
  startRevocationView,
} from "./start-revocation-view.ts";
export { type StartedService, startService } from "./start-service.ts";
