import { afterAll, beforeAll } from "bun:test";
import { createGatewayYoga, type GatewayYoga } from "../../src/graphql/index.ts";
import { startAccountsSubschema } from "./accounts-subschema.ts";
import { memoryLog } from "./gateway-client.ts";
import { startPostsSubschema } from "./posts-subschema.ts";
import type { SubschemaServer } from "./start-subschema-server.ts";

/**
 * The accounts and posts subschemas (plus any `extra` ones) stitched by a gateway for the enclosing
 * describe block: started in its beforeAll, stopped in its afterAll. `gateway` is readable in tests
 * and in hooks registered after this call.
 */
export function useStitchedGateway(opts: {
  version: string;
  graphiql: boolean;
  extra?: { name: string; server: SubschemaServer }[];
}) {
  const accounts = startAccountsSubschema();
  const posts = startPostsSubschema();
  const extra = opts.extra ?? [];
  let gateway: GatewayYoga | undefined;
  beforeAll(async () => {
    gateway = createGatewayYoga({
      upstreams: [
        { name: "accounts", url: accounts.url },
        { name: "posts", url: posts.url },
        ...extra.map((e) => ({ name: e.name, url: e.server.url })),
      ],
      version: opts.version,
      log: memoryLog(),
      graphiql: opts.graphiql,
    });
    await gateway.refresh();
  });
  afterAll(async () => {
    gateway?.stop();
    await Promise.all([accounts.stop(), posts.stop(), ...extra.map((e) => e.server.stop())]);
  });
  return {
    accounts,
    posts,
    get gateway(): GatewayYoga {
      if (!gateway) throw new Error("the stitched gateway is started in beforeAll");
      return gateway;
    },
  };
}
