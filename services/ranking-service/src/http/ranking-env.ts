import type { AuthVariables } from "@nova/auth";
import type { ServiceEnv } from "@nova/server";

/** Hono env of ranking-service's REST routes: the kit's request variables plus the verified end user. */
export type RankingEnv = { Variables: ServiceEnv["Variables"] & AuthVariables };
