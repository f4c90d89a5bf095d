import type { AuthVariables } from "@nova/auth";
import type { ServiceEnv } from "@nova/server";

/** Hono env of analytics-service's REST routes: the kit's request variables plus the verified caller. */
export type AnalyticsEnv = { Variables: ServiceEnv["Variables"] & AuthVariables };
