import type { AuthVariables } from "@nova/auth";
import type { ServiceEnv } from "@nova/server";

/** Hono env of feed-service's REST routes: the kit's request variables plus the verified caller. */
export type FeedEnv = { Variables: ServiceEnv["Variables"] & AuthVariables };
