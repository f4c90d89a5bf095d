/**
 * Family 5 — NUL bytes (`\u0000`): in every string leaf of every REST body and every string
 * path/query parameter (generated from each service's live /openapi.json), in every string field
 * of every RPC (Connect), and in the string arguments of the gateway's GraphQL operations. Held:
 * 400 / invalid_argument naming the field (GraphQL: a validation code naming the argument or the
 * variable that carries it — variables are named after their argument), never a 5xx. An RPC that
 * refuses the caller before reading the input (401/403) also holds: the NUL never got in.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { type DescField, ScalarType } from "@bufbuild/protobuf";
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
  stringLeaves,
  target,
} from "./support/openapi.ts";
import { planFor } from "./support/rpc-plans.ts";
import { allRpcs, callConnect } from "./support/rpcs.ts";
import { system, url } from "./support/system.ts";
import { graphqlRefused } from "./support/verdicts.ts";
import { type World, world } from "./support/world.ts";

const FAMILY = "NUL bytes";
const NUL = "nul\u0000byte";
let w: World;
const memberFor = memberPerWrite("nul");
let ops: Operation[];

beforeAll(async () => {
  await system();
  w = await world();
  ops = await allOperations();
}, 240_000);

/** A string or repeated-string field of a request message. */
const isStringField = (f: DescField) =>
  (f.fieldKind === "scalar" && f.scalar === ScalarType.STRING) ||
  (f.fieldKind === "list" && f.listKind === "scalar" && f.scalar === ScalarType.STRING);

/** 400 whose body names `field`. */
function namesField(r: Reply, field: string): Verdict {
  const why = `HTTP ${r.status} ${r.text.slice(0, 140)}`;
  if (r.status >= 500) return { held: false, why: `5xx: ${why}` };
  if (r.status !== 400) return { held: false, why: `expected 400 naming ${field}, got ${why}` };
  // `postId`, `post_id` and "post id" all name the field.
  const flat = (t: string) => t.toLowerCase().replace(/[\s_-]/g, "");
  const named = flat(r.text).includes(flat(field));
  return { held: named, why: named ? why : `400 does not name ${field}: ${why}` };
}

describe("NUL bytes are refused as bad input everywhere", () => {
  test("every string leaf of every REST body, and every string path/query parameter", async () => {
    const jobs: (() => Promise<unknown>)[] = [];
    for (const op of ops) {
      if (op.body) {
        const base = sample(op.body, op);
        for (const leaf of stringLeaves(base)) {
          const field = String([...leaf].reverse().find((k) => typeof k === "string") ?? "body");
          jobs.push(() =>
            attack(FAMILY, `${label(op)} body.${leaf.join(".")}`, async () =>
              namesField(
                await send(target(op), {
                  method: op.method,
                  json: replaced(sample(op.body, op), leaf, NUL),
                  token: (await memberFor(op)).token,
                  from: freshIp(),
                }),
                field,
              ),
            ),
          );
        }
      }
      for (const p of op.params) {
        if (p.in !== "path" && p.in !== "query") continue;
        if (resolve(p.schema, op).type !== "string" && p.in === "query") continue;
        jobs.push(() =>
          attack(FAMILY, `${label(op)} ${p.in} ${p.name}`, async () => {
            const where = p.in === "path" ? target(op, { [p.name]: NUL }) : target(op, {}, { [p.name]: NUL });
            const body = op.body ? sample(op.body, op) : undefined;
            const r = await send(where, {
              method: op.method,
              json: body,
              token: (await memberFor(op)).token,
              from: freshIp(),
            });
            return namesField(r, p.name);
          }),
        );
      }
    }
    console.log(`NUL: ${jobs.length} REST cases from ${ops.length} operations`);
    expect(breaches((await inBatches(jobs, 6)) as never)).toEqual([]);
  }, 240_000);

  test("every string field of every RPC (Connect)", async () => {
    const jobs = allRpcs().flatMap((rpc) => {
      const base = planFor(rpc, w).body;
      return rpc.method.input.fields.filter(isStringField).map(
        (f) => () =>
          attack(FAMILY, `${rpc.path} ${f.jsonName}`, async () => {
            const body = { ...base, [f.jsonName]: f.fieldKind === "list" ? [NUL] : NUL };
            const r = await callConnect(rpc, body, { token: w.bob.token, from: w.bob.ip });
            if (r.status === 401 || r.status === 403)
              return { held: true, why: `refused before reading: HTTP ${r.status}` };
            return namesField(r, f.jsonName);
          }),
      );
    });
    expect(breaches((await inBatches(jobs, 6)) as never)).toEqual([]);
  }, 120_000);

  test("string arguments of the gateway's GraphQL operations", async () => {
    const ops: [string, string, Record<string, unknown>, string][] = [
      [
        "register email",
        "mutation($v: RegisterInput!) { register(input: $v) { __typename } }",
        { v: { email: NUL, password: "SecurePass123!", username: "nul_probe" } },
        "email",
      ],
      [
        "register username",
        "mutation($v: RegisterInput!) { register(input: $v) { __typename } }",
        { v: { email: "nul@example.com", password: "SecurePass123!", username: NUL } },
        "username",
      ],
      [
        "register deviceName",
        "mutation($v: RegisterInput!) { register(input: $v) { __typename } }",
        {
          v: {
            email: "nul2@example.com",
            password: "SecurePass123!",
            username: "nul_probe_two",
            deviceName: NUL,
          },
        },
        "deviceName",
      ],
      [
        "login identifier",
        "mutation($v: LoginInput!) { login(input: $v) { __typename } }",
        { v: { identifier: NUL, password: "SecurePass123!" } },
        "identifier",
      ],
      [
        "login deviceName",
        "mutation($v: LoginInput!) { login(input: $v) { __typename } }",
        { v: { identifier: w.bob.username, password: w.bob.password, deviceName: NUL } },
        "deviceName",
      ],
      [
        "requestPasswordReset email",
        "mutation($email: String!) { requestPasswordReset(email: $email) }",
        { email: NUL },
        "email",
      ],
      [
        "createPost text",
        "mutation($v: CreatePostInput!) { createPost(input: $v) { id } }",
        { v: { text: NUL } },
        "text",
      ],
      [
        "createComment text",
        "mutation($p: ID!, $v: CreateCommentInput!) { createComment(postId: $p, input: $v) { id } }",
        { p: w.davePost, v: { text: NUL } },
        "text",
      ],
      [
        "updateProfile bio",
        "mutation($v: UpdateProfileInput!) { updateProfile(input: $v) { id } }",
        { v: { bio: NUL } },
        "bio",
      ],
      [
        "usernameAvailability username",
        "query($username: String!) { usernameAvailability(username: $username) { __typename } }",
        { username: NUL },
        "username",
      ],
      [
        "hashtagPosts tag",
        "query($tag: String!) { hashtagPosts(tag: $tag) { __typename } }",
        { tag: NUL },
        "tag",
      ],
      [
        "user username",
        "query($username: String) { user(username: $username) { id } }",
        { username: NUL },
        "username",
      ],
    ];
    const jobs = ops.map(
      ([name, query, variables, field]) =>
        () =>
          attack(FAMILY, `GraphQL ${name}`, async () => {
            const r = await send(url("graphql-gateway", "/graphql"), {
              json: { query, variables },
              token: w.bob.token,
              from: freshIp(),
            });
            const v = graphqlRefused(r, ["BAD_USER_INPUT", "INVALID_ARGUMENT"], [], [400]);
            return v.held && !r.text.includes(field)
              ? { held: false, why: `does not name ${field}: ${v.why}` }
              : v;
          }),
    );
    expect(breaches(await inBatches(jobs, 4))).toEqual([]);
  }, 60_000);
});
