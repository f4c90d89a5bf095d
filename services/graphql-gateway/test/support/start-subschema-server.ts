import { stitchingDirectives } from "@graphql-tools/stitching-directives";
import { createSchema, createYoga } from "graphql-yoga";

const { allStitchingDirectivesTypeDefs, stitchingDirectivesValidator } = stitchingDirectives();

export interface RecordedCall {
  operationName: string | null;
  query: string;
  variables: Record<string, unknown> | null;
  headers: Record<string, string>;
}

export interface SubschemaServer {
  url: string;
  /** Every GraphQL request the server received, `_sdl` discovery included. */
  calls: RecordedCall[];
  /** Calls other than discovery: what the gateway delegated. */
  delegatedCalls(): RecordedCall[];
  /** Replaces the served schema (and so its `_sdl`), as a redeploy would. */
  setSchema(typeDefs: string, resolvers: Record<string, unknown>): void;
  stop(): Promise<void>;
}

/** Serves a subschema the way a Nova service does: stitching directives in its SDL, `_sdl` to expose it. */
export function startSubschemaServer(typeDefs: string, resolvers: Record<string, unknown>): SubschemaServer {
  const build = (sdl: string, res: Record<string, unknown>) => {
    const full = `${allStitchingDirectivesTypeDefs}\n${sdl}\nextend type Query { _sdl: String! }`;
    const query = (res.Query ?? {}) as Record<string, unknown>;
    return stitchingDirectivesValidator(
      createSchema({ typeDefs: full, resolvers: { ...res, Query: { ...query, _sdl: () => full } } }),
    );
  };
  let schema = build(typeDefs, resolvers);
  const calls: RecordedCall[] = [];
  const yoga = createYoga({ schema: () => schema, logging: false, graphiql: false });
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      if (request.method === "POST") {
        const body = (await request.clone().json()) as {
          query?: string;
          operationName?: string;
          variables?: Record<string, unknown>;
        };
        calls.push({
          operationName: body.operationName ?? null,
          query: body.query ?? "",
          variables: body.variables ?? null,
          headers: Object.fromEntries(request.headers.entries()),
        });
      }
      return yoga.fetch(request);
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/graphql`,
    calls,
    delegatedCalls: () => calls.filter((c) => !c.query.includes("_sdl")),
    setSchema(nextTypeDefs, nextResolvers) {
      schema = build(nextTypeDefs, nextResolvers);
    },
    stop: () => server.stop(true),
  };
}

/** A loopback URL on which nothing listens (connection refused). */
export async function unusedUrl(): Promise<string> {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
  const url = `http://127.0.0.1:${server.port}/graphql`;
  await server.stop(true);
  return url;
}
