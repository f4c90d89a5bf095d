import type { AuthVariables } from "@nova/auth";
import type { ServiceEnv } from "@nova/server";

/** Hono env of media-service's REST routes: the kit's request variables plus the verified caller. */
export type MediaEnv = { Variables: ServiceEnv["Variables"] & AuthVariables };
