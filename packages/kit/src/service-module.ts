import type { BaseConfig } from "@nova/config";
import type { ServiceSurface } from "@nova/server";
import type { BaseContext } from "./base-context.ts";

/**
 * A service as the kit sees it: how to read its config, build its context and expose its verbs.
 * Each service's `src/index.ts` exports one; `main.ts` runs it, `bun run dev` runs all of them.
 */
export interface ServiceModule<C extends BaseConfig = BaseConfig, X extends BaseContext<C> = BaseContext<C>> {
  readonly name: string;
  readonly description: string;
  /** Fully-qualified proto services it serves (for grpc.health.v1), e.g. "nova.user.v1.UserService". */
  readonly rpcServices: readonly string[];
  loadConfig(env: Record<string, string | undefined>): C;
  createContext(config: C, overrides?: BaseContextOverrides): Promise<X>;
  createApp(ctx: X): ServiceSurface;
  /**
   * Server settings a service needs beyond the defaults, e.g. media-service's `maxBodyBytes` for
   * uploads (the edge's 1 MiB body limit would refuse a photo). Its own routes still bound each path.
   */
  serverOptions?(config: C): { maxBodyBytes?: number };
}

export type BaseContextOverrides = NonNullable<import("./base-context.ts").BaseContextOptions["overrides"]>;
