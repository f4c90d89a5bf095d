import { describe, expect, test } from "bun:test";
import type { ExecutionRequest } from "@graphql-tools/utils";
import { SERVICE_TOKEN_HEADER } from "@nova/auth";
import { type GraphQLError, parse } from "graphql";
import { createUpstreamExecutor } from "../src/graphql/create-upstream-executor.ts";
import type { FetchImpl } from "../src/graphql/gateway-types.ts";

const request = (context: object = {}): ExecutionRequest => ({
  document: parse("query Q($id: ID!) { post(id: $id) { id ... on Post { text } } }"),
  variables: { id: "p1" },
  operationName: "Q",
  context: {
    request: new Request("http://gw/graphql", {
      headers: { authorization: "Bearer t", "x-forwarded-for": "6.6.6.6" },
    }),
    upstreamHeaders: { "x-forwarded-for": "203.0.113.9" },
    ...context,
  },
});

async function run(fetchImpl: FetchImpl, timeoutMs = 1_000) {
  const executor = createUpstreamExecutor({
    url: "http://content.test/graphql",
    fetchImpl,
    timeoutMs,
    serviceToken: async () => "svc-token",
  });
  return (await executor(request())) as { data?: unknown; errors?: GraphQLError[] };
}

describe("upstream executor", () => {
  test("one POST: compact document, variables, operation name, forwarded headers and the service credential", async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const result = await run(async (url, init) => {
      seen.push({ url: String(url), init: init ?? {} });
      return Response.json({ data: { post: { id: "p1", text: "hi" } } });
    });
    expect(result).toEqual({ data: { post: { id: "p1", text: "hi" } } });
    expect(seen).toHaveLength(1);
    const headers = seen[0]?.init.headers as Record<string, string>;
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({
      query: "query Q($id:ID!){post(id:$id){id ...on Post{text}}}",
      variables: { id: "p1" },
      operationName: "Q",
    });
    expect(headers.authorization).toBe("Bearer t");
    expect(headers["x-forwarded-for"]).toBe("203.0.113.9"); // the edge's, never the client's
    expect(headers[SERVICE_TOKEN_HEADER]).toBe("svc-token");
  });

  test("the upstream's GraphQL errors are relayed as they are", async () => {
    const result = await run(async () =>
      Response.json({
        data: null,
        errors: [{ message: "no", path: ["post"], extensions: { code: "NOT_FOUND" } }],
      }),
    );
    expect(result.errors?.[0]?.message).toBe("no");
    expect(result.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
  });

  test("a body that is not a GraphQL result is an error carrying the plumbing (masked at the edge)", async () => {
    const result = await run(async () => new Response("<html>bad gateway</html>", { status: 502 }));
    expect(result.errors?.[0]?.extensions.code).toBe("RESPONSE_VALIDATION_FAILED");
    expect(result.errors?.[0]?.extensions.response).toEqual({ status: 502 });
  });

  test("an upstream that does not answer in time is cut at the deadline", async () => {
    const result = await run(
      (_url, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
        ),
      30,
    );
    expect(result.errors?.[0]?.extensions.code).toBe("SUBREQUEST_HTTP_ERROR");
    expect(result.errors?.[0]?.message).toContain("did not answer within 30 ms");
  });
});
