import type { AuthVariables } from "@nova/auth";
import type { ServiceEnv } from "@nova/server";

/** Hono env of graph-service's REST routes: the kit's request variables plus the verified caller. */
export type GraphEnv = { Variables: ServiceEnv["Variables"] & AuthVariables };
