import type { TokenVerifier } from "@nova/auth";
import {
  type BaseContext,
  type BaseContextOverrides,
  createBaseContext,
  createServiceTokenVerifier,
  startRevocationView,
} from "@nova/kit";
import type { ServiceConfig } from "./config.ts";
import { createGatewayYoga, type GatewayYoga } from "./graphql/index.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly gateway: GatewayYoga;
  /** Refuses a bad, expired or revoked token before any upstream is asked. */
  readonly verifier: TokenVerifier;
}

/**
 * The gateway keeps no tables. At start it stitches whichever subschemas are up, then keeps
 * polling so services that start (or change their schema) later are picked up without a restart.
 */
export async function createContext(
  config: ServiceConfig,
  overrides?: BaseContextOverrides,
): Promise<ServiceContext> {
  const base = await createBaseContext(config, { schema: null, overrides });
  const gateway = createGatewayYoga({
    upstreams: config.upstreams,
    version: config.service.version,
    log: base.log,
    graphiql: true,
    pollIntervalMs: config.extra.GATEWAY_SUBSCHEMA_POLL_INTERVAL,
    limits: {
      maxDepth: config.extra.GATEWAY_MAX_QUERY_DEPTH,
      maxFields: config.extra.GATEWAY_MAX_QUERY_FIELDS,
    },
  });
  await gateway.refresh();
  base.onClose(() => gateway.stop());
  const identity =
    config.upstreams.find((u) => u.name === "identity-service")?.url ?? "http://127.0.0.1:8010";
  const verifier = createServiceTokenVerifier(base, identity, {
    revocations: (await startRevocationView(base)).view,
  });
  return { ...base, gateway, verifier };
}
