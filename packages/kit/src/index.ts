export { type BaseContext, type BaseContextOptions, createBaseContext } from "./base-context.ts";
export { createServiceEventBus } from "./event-bus.ts";
export { installSignalHandlers, runService } from "./run-service.ts";
export { createServiceCacheStore, createServiceTokenVerifier } from "./service-clients.ts";
export type { BaseContextOverrides, ServiceModule } from "./service-module.ts";
export { createServiceWriteLimits, type ServiceWriteLimits } from "./service-write-limits.ts";
export { type StartedService, startService } from "./start-service.ts";
