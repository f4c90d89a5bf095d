/**
 * Family 8 — bodies: a 120 MB body to Connect and REST routes (declared length and chunked) must
 * be refused with 413 (Connect: resource_exhausted) without being read whole (the system's RSS
 * is watched); an 8 MB message on the gRPC port likewise; a gzip body is decoded (or refused with
 * 415), never 501; a gzip bomb (200 MB of zeros in ~200 KB) is refused, not inflated.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import { attack, breaches, type Verdict } from "./support/attack.ts";
import { jsonOf, type Reply, send } from "./support/http-client.ts";
import { freshIp } from "./support/members.ts";
import { allRpcs, callGrpc } from "./support/rpcs.ts";
import { rssMb, type System, system, url } from "./support/system.ts";
import { type World, world } from "./support/world.ts";

const FAMILY = "body limits";
const MB = 1024 * 1024;
let sys: System;
let w: World;

beforeAll(async () => {
  sys = await system();
  w = await world();
}, 240_000);

/** A JSON object `{"<field>":"aaaa…"}` of `total` bytes, as 1 MB chunks. */
function* hugeJson(field: string, total: number): Generator<Uint8Array> {
  const head = Buffer.from(`{"${field}":"`);
  const tail = Buffer.from(`"}`);
  const chunk = Buffer.alloc(MB, "a");
  yield head;
  for (let sent = head.length + tail.length; sent < total; sent += MB) yield chunk;
  yield tail;
}

/** Refused as too large: 413, or Connect's resource_exhausted. */
function tooLarge(r: Reply, growthMb: number): Verdict {
  const code = jsonOf<{ code?: string }>(r)?.code;
  const refused = r.status === 413 || code === "resource_exhausted";
  const why = `HTTP ${r.status} ${r.text.slice(0, 100)}; RSS +${growthMb} MB`;
  if (r.status >= 500) return { held: false, why: `5xx: ${why}` };
  return { held: refused && growthMb < 100, why: refused ? why : `expected 413/resource_exhausted: ${why}` };
}

const CONNECT = "/nova.user.v1.UserService/CheckUsernameAvailability";

describe("body limits on every door", () => {
  test("120 MB bodies are refused without being read whole", async () => {
    const targets: [string, string, string][] = [
      ["Connect", url("user-service", CONNECT), "username"],
      ["REST", url("identity-service", "/api/v1/auth/login"), "identifier"],
    ];
    const results = [];
    for (const [door, target, field] of targets) {
      for (const declared of [true, false]) {
        results.push(
          await attack(
            FAMILY,
            `120 MB JSON to ${door} ${new URL(target).pathname} (${declared ? "Content-Length" : "chunked"})`,
            async () => {
              const before = rssMb(sys.pid);
              const r = await send(target, {
                body: hugeJson(field, 120 * MB),
                from: freshIp(),
                headers: {
                  "content-type": "application/json",
                  ...(declared ? { "content-length": String(120 * MB) } : {}),
                  // A signed-in member, so the RPC gate lets the call reach the body limit (without a
                  // token it is refused before any byte is read, which would hide the limit).
                  ...(door === "Connect" ? { authorization: `Bearer ${w.bob.token}` } : {}),
                },
                timeoutMs: 30_000,
              });
              return tooLarge(r, rssMb(sys.pid) - before);
            },
            40_000,
          ),
        );
      }
    }
    expect(breaches(results)).toEqual([]);
  }, 200_000);

  test("an 8 MB message on the gRPC port is refused with resource_exhausted", async () => {
    const rpc = allRpcs().find((r) => r.path === "nova.user.v1.UserService/CheckUsernameAvailability");
    if (!rpc) throw new Error("CheckUsernameAvailability is gone");
    const result = await attack(FAMILY, "8 MB gRPC message to user-service's gRPC port", async () => {
      const out = await callGrpc(
        rpc,
        { username: "a".repeat(8 * MB) },
        { token: w.bob.token, timeoutMs: 20_000 },
      );
      return { held: out.code === "ResourceExhausted", why: `gRPC ${out.code} ${out.message.slice(0, 100)}` };
    });
    expect(breaches([result])).toEqual([]);
  }, 60_000);

  test("gzip bodies are decoded (or refused with 415), never 501", async () => {
    const results = [
      await attack(FAMILY, "gzip JSON to REST login (wrong password)", async () => {
        const r = await send(url("identity-service", "/api/v1/auth/login"), {
          body: gzipSync(JSON.stringify({ identifier: w.alice.username, password: "Wrong-Pass-1!" })),
          from: freshIp(),
          headers: { "content-type": "application/json", "content-encoding": "gzip" },
        });
        return {
          held: [401, 415].includes(r.status),
          why: `expected 401 (read) or 415, got HTTP ${r.status} ${r.text.slice(0, 120)}`,
        };
      }),
      await attack(FAMILY, "gzip JSON to a Connect route", async () => {
        const r = await send(url("user-service", CONNECT), {
          body: gzipSync(JSON.stringify({ username: "gzip_probe" })),
          token: w.bob.token,
          from: w.bob.ip,
          headers: {
            "content-type": "application/json",
            "content-encoding": "gzip",
            "connect-protocol-version": "1",
          },
        });
        return {
          held: [200, 401, 403, 415].includes(r.status),
          why: `expected 200/401/403 (read) or 415, got HTTP ${r.status} ${r.text.slice(0, 120)}`,
        };
      }),
    ];
    expect(breaches(results)).toEqual([]);
  }, 60_000);

  test("a gzip bomb is refused, not inflated", async () => {
    const zeros = Buffer.alloc(200 * MB, 0x20);
    zeros.write('{"identifier":"', 0);
    const bomb = gzipSync(zeros, { level: 9 });
    const targets: [string, string, Record<string, string>][] = [
      ["REST login", url("identity-service", "/api/v1/auth/login"), {}],
      ["Connect route", url("user-service", CONNECT), { "connect-protocol-version": "1" }],
    ];
    const results = [];
    for (const [name, target, headers] of targets) {
      results.push(
        await attack(
          FAMILY,
          `gzip bomb (${Math.round(bomb.length / 1024)} KB → 200 MB) to ${name}`,
          async () => {
            const before = rssMb(sys.pid);
            const r = await send(target, {
              body: bomb,
              token: w.bob.token,
              from: w.bob.ip,
              headers: { "content-type": "application/json", "content-encoding": "gzip", ...headers },
              timeoutMs: 20_000,
            });
            const growth = rssMb(sys.pid) - before;
            const code = jsonOf<{ code?: string }>(r)?.code;
            const refused = [413, 415].includes(r.status) || code === "resource_exhausted";
            return {
              held: refused && growth < 100,
              why: `HTTP ${r.status} ${r.text.slice(0, 100)}; RSS +${growth} MB (expected 413/415)`,
            };
          },
        ),
      );
    }
    expect(breaches(results)).toEqual([]);
  }, 90_000);
});
