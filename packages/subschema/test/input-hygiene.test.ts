import { expect, test } from "bun:test";
import { createTestServicePki } from "@nova/auth/testing";
import { createSubschema } from "../src/index.ts";

const pki = createTestServicePki();

const seen: unknown[] = [];
const subschema = createSubschema({
  typeDefs: /* GraphQL */ `
    input DeviceInput {
      name: String!
      tags: [String!]
    }
    type Query {
      echo(text: String, device: DeviceInput): String
    }
  `,
  resolvers: {
    Query: {
      echo: (_: unknown, args: { text?: string; device?: { name: string } }) => {
        seen.push(args);
        return args.text ?? args.device?.name ?? null;
      },
    },
  },
  verifier: { verify: async () => ({ accountId: "acct-1" }) },
  identity: pki.identity("echo-service"),
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  return subschema.handle(
    new Request("http://svc/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(await pki.headers("graphql-gateway", "echo-service")),
        ...headers,
      },
      body: JSON.stringify(body),
    }),
  );
}

async function refused(res: Response): Promise<string[]> {
  expect(res.status).toBe(400);
  const body = (await res.json()) as {
    data?: unknown;
    errors: { extensions: { code: string; violations: { field: string }[] } }[];
  };
  expect(body.data).toBeUndefined();
  expect(body.errors[0]?.extensions.code).toBe("INVALID_ARGUMENT");
  return body.errors[0]?.extensions.violations.map((v) => v.field) ?? [];
}

test("NUL in a variable is a 400 naming the variable's field; no resolver runs", async () => {
  const before = seen.length;
  const res = await post({
    query: "query Q($d: DeviceInput) { echo(device: $d) }",
    variables: { d: { name: "phone\u0000", tags: ["ok", "\u0007"] } },
  });
  expect(await refused(res)).toEqual(["$d.name", "$d.tags.1"]);
  expect(seen.length).toBe(before);
});

test("an escaped control character in an inline string literal is refused, naming the argument", async () => {
  const before = seen.length;
  expect(await refused(await post({ query: '{ echo(text: "a\\u0000b") }' }))).toEqual(["echo.text"]);
  expect(await refused(await post({ query: '{ echo(device: { name: "x\\u001b[2J" }) }' }))).toEqual([
    "echo.device.name",
  ]);
  expect(await refused(await post({ query: '{ echo(text: "a\u0000b") }' }))).toEqual(["query"]);
  expect(seen.length).toBe(before);
});

test("clean operations run, escapes of ordinary characters included", async () => {
  const res = await post({ query: '{ echo(text: "caf\\u00e9\\nline") }' });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ data: { echo: "café\nline" } });
});

test("the subschema sets no CORS headers of its own (the server's allow-list decides)", async () => {
  const res = await post({ query: '{ echo(text: "x") }' }, { origin: "https://evil.example" });
  expect(res.headers.get("access-control-allow-origin")).toBeNull();
  expect(res.headers.get("access-control-allow-credentials")).toBeNull();
});
