/**
 * Operations read from each service's live `/openapi.json`, and request values generated from
 * their schemas: a valid-looking sample, and the string leaves of a body (where NUL and oversized
 * strings go). Path ids are random UUIDs: input checks must run before any lookup.
 */
import { SERVICES } from "@nova/config";
import { send } from "./http-client.ts";
import { freshUsername, type Member, newMember } from "./members.ts";
import { url } from "./system.ts";

/** A JSON Schema node as @hono/zod-openapi emits it (the parts the generator reads). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

/** One REST operation of one service. */
export interface Operation {
  service: string;
  method: string;
  path: string;
  params: Parameter[];
  body?: Schema;
  components: Record<string, Schema>;
}

/** Every operation of every service's OpenAPI document (health, version and docs left out). */
export async function allOperations(): Promise<Operation[]> {
  const out: Operation[] = [];
  for (const s of SERVICES) {
    const reply = await send(url(s.name, "/openapi.json"));
    if (reply.status !== 200) continue;
    const doc = JSON.parse(reply.text) as {
      paths: Record<
        string,
        Record<
          string,
          { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }
        >
      >;
      components?: { schemas?: Record<string, Schema> };
    };
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      if (/\/health|\/version|\.well-known/.test(path)) continue;
      for (const [method, op] of Object.entries(item)) {
        if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
        out.push({
          service: s.name,
          method: method.toUpperCase(),
          path,
          params: op.parameters ?? [],
          body: op.requestBody?.content?.["application/json"]?.schema,
          components: doc.components?.schemas ?? {},
        });
      }
    }
  }
  return out;
}

/** Follows `$ref` and single-schema `allOf`; picks the first non-null branch of `anyOf`/`oneOf`. */
export function resolve(schema: Schema | undefined, op: Operation): Schema {
  let s = schema ?? {};
  for (let i = 0; i < 10; i++) {
    if (s.$ref) s = op.components[s.$ref.split("/").pop() ?? ""] ?? {};
    else if (s.allOf?.length === 1 && s.allOf[0]) s = s.allOf[0];
    else if (s.anyOf || s.oneOf) s = (s.anyOf ?? s.oneOf ?? []).find((b) => b.type !== "null") ?? {};
    else break;
  }
  return s;
}

const typeOf = (s: Schema) => (Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type);

/** A value that satisfies `schema` as far as the generator can tell (fresh emails and usernames). */
export function sample(schema: Schema | undefined, op: Operation, name = ""): unknown {
  const s = resolve(schema, op);
  if (s.enum?.length) return s.enum[0];
  switch (typeOf(s) ?? (s.properties ? "object" : undefined)) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, op, k);
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => sample(s.items, op, name));
    case "integer":
    case "number":
      return Math.max(1, s.minimum ?? 1);
    case "boolean":
      return false;
    case "string":
      return sampleString(s, name);
    default:
      return "x";
  }
}

function sampleString(s: Schema, name: string): string {
  if (s.format === "uuid" || /id$/i.test(name)) return crypto.randomUUID();
  if (s.format === "date-time") return new Date().toISOString();
  if (s.format === "date") return "2000-01-01";
  if (s.format === "email" || /email/i.test(name)) return `${freshUsername("fz")}@example.com`;
  if (s.format === "uri" || /url/i.test(name)) return "https://example.com/x";
  if (/username|identifier/i.test(name)) return freshUsername("fz");
  if (/password/i.test(name)) return "Fuzzing-Pass-123!";
  return "x".repeat(Math.max(1, s.minLength ?? 1));
}

/** Paths (as key lists) of every string leaf in a sampled body, with the schema-side name. */
export function stringLeaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...at, i]));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...at, k]));
  return [];
}

/** A deep copy of `value` with the leaf at `at` replaced. */
export function replaced(value: unknown, at: (string | number)[], leaf: unknown): unknown {
  if (at.length === 0) return leaf;
  const [head, ...rest] = at;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head as string] = replaced((value as Record<string | number, unknown>)[head as string], rest, leaf);
  return copy;
}

/** The operation's URL with path parameters filled (values by name, else a random UUID). */
export function target(
  op: Operation,
  values: Record<string, string> = {},
  query: Record<string, string> = {},
): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? defaultPathValue(op, name)),
  );
  const q = new URLSearchParams(query).toString();
  return url(op.service, q ? `${path}?${q}` : path);
}

function defaultPathValue(op: Operation, name: string): string {
  const schema = resolve(op.params.find((p) => p.name === name && p.in === "path")?.schema, op);
  if (schema.enum?.length) return String(schema.enum[0]);
  if (name === "provider") return "google";
  if (name === "tag") return "nova";
  if (name === "username" || name === "name") return "someone";
  return crypto.randomUUID();
}

/** A label for attack names: `content-service POST /api/v1/posts`. */
export const label = (op: Operation) => `${op.service} ${op.method} ${op.path}`;

/**
 * The member an operation's cases run as: one per writing operation, so per-account write limits
 * (which may count refused writes too) never answer 429 in place of the input check; reads share one.
 */
export function memberPerWrite(prefix: string): (op: Operation) => Promise<Member> {
  const members = new Map<string, Promise<Member>>();
  return (op) => {
    const key = op.method === "GET" ? "reads" : label(op);
    let m = members.get(key);
    if (!m) {
      m = newMember(prefix);
      members.set(key, m);
    }
    return m;
  };
}
