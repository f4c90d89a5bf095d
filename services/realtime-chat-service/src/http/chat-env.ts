import type { AuthVariables } from "@nova/auth";
import type { ServiceEnv } from "@nova/server";

/** Hono env of chat's REST routes: the kit's request variables plus the verified caller. */
export type ChatEnv = { Variables: ServiceEnv["Variables"] & AuthVariables };
