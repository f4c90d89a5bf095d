export { type BaseConfig, type BaseEnv, baseEnvSchema } from "./base-config.ts";
export * as env from "./env-types.ts";
export { ConfigError, loadConfig } from "./load-config.ts";
export { SERVICES, type ServiceInfo, serviceInfo } from "./services.ts";
