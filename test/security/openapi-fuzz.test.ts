/**
 * Family 15 — fuzzing every REST operation from its service's live /openapi.json: missing fields,
 * malformed JSON, each property of the wrong type, each string 100,000 characters long, and path
 * and query parameters that are garbage. Held: a 4xx (input refused) — never a 5xx, and never a
 * 2xx for input the schema rules out.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { attack, breaches, inBatches, type Verdict } from "./support/attack.ts";
import { type Reply, send } from "./support/http-client.ts";
import { freshIp } from "./support/members.ts";
import {
  allOperations,
  label,
  memberPerWrite,
  type Operation,
  replaced,
  resolve,
  sample,
  target,
} from "./support/openapi.ts";
import { system } from "./support/system.ts";

const FAMILY = "OpenAPI fuzzing";
const HUGE = "x".repeat(100_000);
const memberFor = memberPerWrite("fuzz");
let ops: Operation[];

beforeAll(async () => {
  await system();
  ops = await allOperations();
}, 240_000);

const is4xx = (r: Reply): Verdict => ({
  held: r.status >= 400 && r.status < 500,
  why: `${r.status >= 500 ? "5xx: " : ""}HTTP ${r.status} ${r.text.slice(0, 140)}`,
});

/** A value of another JSON type than the schema's. */
function wrongType(type: string | undefined): unknown {
  switch (type) {
    case "string":
      return 12345;
    case "integer":
    case "number":
      return "not a number";
    case "boolean":
      return "yes";
    case "array":
      return { not: "an array" };
    default:
      return ["not", "an", "object"];
  }
}

describe("every REST operation refuses malformed input with a 4xx", () => {
  test("bodies: missing fields, malformed JSON, wrong types, oversized strings", async () => {
    const jobs: (() => Promise<unknown>)[] = [];
    const call = async (op: Operation, init: { json?: unknown; body?: string }) =>
      send(target(op), {
        method: op.method,
        ...init,
        headers: init.body ? { "content-type": "application/json" } : undefined,
        token: (await memberFor(op)).token,
        from: freshIp(),
      });
    for (const op of ops) {
      if (!op.body) continue;
      const schema = resolve(op.body, op);
      if ((schema.required ?? []).length > 0)
        jobs.push(() =>
          attack(FAMILY, `${label(op)} {} (missing required)`, async () =>
            is4xx(await call(op, { json: {} })),
          ),
        );
      jobs.push(() =>
        attack(FAMILY, `${label(op)} malformed JSON`, async () =>
          is4xx(await call(op, { body: '{"unterminated' })),
        ),
      );
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        const type = resolve(prop, op).type;
        const t = Array.isArray(type) ? type.find((x) => x !== "null") : type;
        jobs.push(() =>
          attack(FAMILY, `${label(op)} ${name}: wrong type`, async () =>
            is4xx(await call(op, { json: replaced(sample(op.body, op), [name], wrongType(t)) })),
          ),
        );
        if (t === "string")
          jobs.push(() =>
            attack(FAMILY, `${label(op)} ${name}: 100,000 characters`, async () =>
              is4xx(await call(op, { json: replaced(sample(op.body, op), [name], HUGE) })),
            ),
          );
      }
    }
    console.log(`fuzz: ${jobs.length} body cases`);
    expect(breaches((await inBatches(jobs, 6)) as never)).toEqual([]);
  }, 240_000);

  test("parameters: garbage path ids and wrongly typed query values", async () => {
    const jobs: (() => Promise<unknown>)[] = [];
    for (const op of ops) {
      const body = op.body ? sample(op.body, op) : undefined;
      const call = async (u: string) =>
        send(u, { method: op.method, json: body, token: (await memberFor(op)).token, from: freshIp() });
      for (const p of op.params) {
        if (p.in === "path") {
          const s = resolve(p.schema, op);
          if (s.enum || p.name === "tag" || p.name === "username" || p.name === "name") {
            jobs.push(() =>
              attack(FAMILY, `${label(op)} path ${p.name}: 5,000 characters`, async () =>
                is4xx(await call(target(op, { [p.name]: "y".repeat(5000) }))),
              ),
            );
          } else {
            jobs.push(() =>
              attack(FAMILY, `${label(op)} path ${p.name}: not an id`, async () =>
                is4xx(await call(target(op, { [p.name]: "../../etc/passwd" }))),
              ),
            );
          }
        }
        if (p.in === "query") {
          const t = resolve(p.schema, op).type;
          const bad =
            t === "integer" || t === "number" ? "-1e309" : t === "boolean" ? "maybe" : "z".repeat(5000);
          jobs.push(() =>
            attack(FAMILY, `${label(op)} query ${p.name}=${bad.slice(0, 12)}`, async () =>
              is4xx(await call(target(op, {}, { [p.name]: bad }))),
            ),
          );
        }
      }
    }
    console.log(`fuzz: ${jobs.length} parameter cases`);
    expect(breaches((await inBatches(jobs, 6)) as never)).toEqual([]);
  }, 240_000);
});
