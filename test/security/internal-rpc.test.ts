/**
 * Family 1 — the back door: every RPC of every service (from the generated descriptors), on the
 * HTTP port (Connect JSON) and the gRPC port (h2c), called with no credential at all, and with an
 * end-user token of another account naming someone else's things. Held: refused
 * (401/403, unauthenticated/permission_denied) — or, for RPCs that name objects rather than an
 * account, answered without anything private.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { type Attempt, attack, breaches, inBatches } from "./support/attack.ts";
import { hasPlan, planFor } from "./support/rpc-plans.ts";
import { AUTH_REFUSALS, allRpcs, callConnect, callGrpc, type GrpcOutcome } from "./support/rpcs.ts";
import { system } from "./support/system.ts";
import { refusedOrBlind, statusIn } from "./support/verdicts.ts";
import { type World, world } from "./support/world.ts";

const FAMILY = "internal RPCs";
let w: World;

beforeAll(async () => {
  await system();
  w = await world();
}, 240_000);

function grpcVerdict(out: GrpcOutcome, refusals: string[], secrets?: string[]) {
  const why = `gRPC ${out.code} ${out.message.slice(0, 100)}${out.response ? ` ${out.response.slice(0, 120)}` : ""}`;
  if (out.code === "Internal" || out.code === "Unknown") return { held: false, why: `server error: ${why}` };
  if (refusals.includes(out.code)) return { held: true, why };
  if (secrets && out.code === "ok") {
    const leaked = secrets.filter((s) => out.response?.includes(s));
    return { held: leaked.length === 0, why: leaked.length ? `leaked: ${why}` : `nothing private: ${why}` };
  }
  return { held: false, why: `expected ${refusals.join("/")}, got ${why}` };
}

describe("internal RPCs", () => {
  const rpcs = allRpcs();

  test("the descriptors name the RPCs the suite attacks", () => {
    console.log(
      `${rpcs.length} RPCs; without a dedicated plan (generic ids → alice): ${
        rpcs
          .filter((r) => !hasPlan(r))
          .map((r) => r.path)
          .join(", ") || "none"
      }`,
    );
    expect(rpcs.length).toBeGreaterThan(0);
  });

  test("no credential at all: refused on the HTTP port (Connect) and the gRPC port", async () => {
    const jobs = rpcs.flatMap((rpc) => {
      const plan = planFor(rpc, w);
      return [
        () =>
          attack(FAMILY, `${rpc.path} via Connect, no credential`, async () =>
            statusIn(await callConnect(rpc, plan.body), [401, 403]),
          ),
        () =>
          attack(FAMILY, `${rpc.path} via gRPC, no credential`, async () =>
            grpcVerdict(await callGrpc(rpc, plan.body), AUTH_REFUSALS),
          ),
      ];
    });
    const results: Attempt[] = await inBatches(jobs, 6);
    expect(breaches(results)).toEqual([]);
  }, 120_000);

  test("another account's end-user token naming alice's things: refused (or nothing private)", async () => {
    const jobs = rpcs.flatMap((rpc) => {
      const plan = planFor(rpc, w);
      if (plan.otherUser === "none") return [];
      const blind = plan.otherUser === "blind";
      return [
        () =>
          attack(FAMILY, `${rpc.path} via Connect, bob's token`, async () => {
            const reply = await callConnect(rpc, plan.body, { token: w.bob.token, from: w.bob.ip });
            return blind ? refusedOrBlind(reply, [401, 403, 404], plan.secrets) : statusIn(reply, [401, 403]);
          }),
        () =>
          attack(FAMILY, `${rpc.path} via gRPC, bob's token`, async () => {
            const out = await callGrpc(rpc, plan.body, { token: w.bob.token });
            return blind
              ? grpcVerdict(out, [...AUTH_REFUSALS, "NotFound"], plan.secrets)
              : grpcVerdict(out, AUTH_REFUSALS);
          }),
      ];
    });
    const results: Attempt[] = await inBatches(jobs, 6);
    expect(breaches(results)).toEqual([]);
  }, 120_000);
});
