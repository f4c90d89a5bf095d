import type { AuthVariables } from "@nova/auth";
import type { ServiceEnv } from "@nova/server";

/** Hono env of trust-safety's REST routes: the kit's request variables plus the verified caller. */
export type TrustSafetyEnv = { Variables: ServiceEnv["Variables"] & AuthVariables };
