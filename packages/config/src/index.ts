export { type BaseConfig, type BaseEnv, baseEnvSchema } from "./base-config.ts";
export * as env from "./env-types.ts";
export { canonicalIp } from "./ip-address.ts";
export { ConfigError, loadConfig } from "./load-config.ts";
export { SERVICES, type ServiceInfo, serviceInfo } from "./services.ts";
export {
  DEFAULT_TRUSTED_PROXIES,
  parseTrustedProxies,
  type TrustedProxies,
  trustedProxiesFor,
} from "./trusted-proxies.ts";
