import type { GatewayYoga } from "../../src/graphql/index.ts";

export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[] }>;
}

/** Posts a GraphQL operation to the gateway's handler, as a client would. */
export async function postGraphQL(
  gateway: GatewayYoga,
  query: string,
  headers: Record<string, string> = {},
  serverContext: Record<string, unknown> = {},
): Promise<{ status: number; body: GraphQLResponseBody }> {
  const response = await gateway.handle(
    new Request("http://gateway.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify({ query }),
    }),
    serverContext,
  );
  return { status: response.status, body: (await response.json()) as GraphQLResponseBody };
}

/** A GatewayLog that keeps its lines for assertions and stays quiet. */
export function memoryLog() {
  const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    lines.push({ level, msg, ...(fields ? { fields } : {}) });
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** `body.data[name]`, failing the test with the response's errors when it is absent. */
export function dataField<T>(body: GraphQLResponseBody, name: string): T {
  const value = body.data?.[name];
  if (value === undefined || value === null) {
    throw new Error(`no data.${name} in response: ${JSON.stringify(body.errors ?? body)}`);
  }
  return value as T;
}
