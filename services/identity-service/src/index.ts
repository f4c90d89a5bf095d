import type { ServiceModule } from "@nova/kit";
import { createApp } from "./app.ts";
import { loadServiceConfig, type ServiceConfig } from "./config.ts";
import { createContext, type ServiceContext } from "./context.ts";

export const service: ServiceModule<ServiceConfig, ServiceContext> = {
  name: "identity-service",
  description:
    "Accounts, credentials, sessions and devices, JWT signing and JWKS, refresh tokens, two-factor, OAuth, email verification, password reset and lockout.",
  rpcServices: ["nova.identity.v1.IdentityService"],
  loadConfig: loadServiceConfig,
  createContext,
  createApp,
};

/** Embedded default: switch to a newly generated signing key (the old one stays in the JWKS until its tokens expire). */
export { rotateSigningKey } from "./domain/rotate-signing-key.ts";
