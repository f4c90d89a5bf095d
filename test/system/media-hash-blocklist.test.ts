/**
 * Issue 21's image hash blocklist end to end: identity, user, trust-safety and media in one process
 * on shifted ports. An admin (granted with the staff CLI's verb) blocks the dHash of a picture; a
 * member's upload of a re-encoded, resized copy of it is recorded failed with `blocked_media`
 * (media-service hashed it and trust-safety matched it within the Hamming distance), while a
 * different picture becomes ready. Removing the entry lets the copy through.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { modulesNamed } from "../../scripts/service-modules.ts";
import { runStaffCommand } from "../../services/identity-service/src/cli/run-staff-command.ts";
import { differenceHash } from "../../services/media-service/src/domain/screen-image.ts";
import { reencoded, scene } from "../../services/media-service/test/support/test-pictures.ts";
import {
  call,
  freeOffset,
  type Member,
  must,
  registerMember,
  type SuiteSystem,
  shiftedPorts,
  startSuiteSystem,
  until,
} from "./harness.ts";

// Ports 35500..37523: above the other system suites' ranges, below the ephemeral ports.
const offset = freeOffset(27_500, 100);
const { url } = shiftedPorts(offset);
const MODULES = modulesNamed(["identity-service", "user-service", "trust-safety-service", "media-service"]);

let sys: SuiteSystem;
beforeAll(async () => {
  sys = await startSuiteSystem({
    name: "media-hash-blocklist",
    modules: MODULES,
    url,
    env: (name): Record<string, string> => (name === "media-service" ? { LIVE_ENABLED: "false" } : {}),
  });
}, 90_000);
afterAll(async () => {
  await sys?.stop();
});

async function upload(who: Member, bytes: Uint8Array): Promise<{ status: string; error?: string }> {
  const form = new FormData();
  form.set("file", new Blob([bytes as BlobPart]), "photo.jpg");
  const res = await fetch(url("media-service", "/api/v1/media"), {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${who.token}` },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { status: string; error?: string };
}

test("an admin's blocked hash refuses a re-encoded, resized copy of the picture; other pictures are ready", async () => {
  const [member] = [await registerMember(url, "hash_member"), await registerMember(url, "hash_admin")];
  const identity = sys.services.get("identity-service");
  await runStaffCommand(["grant", "hash_admin", "admin"], { ctx: identity?.ctx as never, by: "test" });
  const blocklist = url("trust-safety-service", "/api/v1/moderation/hash-blocklist");
  // The grant revoked the admin's tokens issued until then (to the second): a login after it
  // carries the role and is accepted.
  const admin = await until("an admin token", async () => {
    const login = (await must("POST", url("identity-service", "/api/v1/auth/login"), undefined, {
      identifier: "hash_admin",
      password: "SecurePass123!",
    })) as { account: { id: string }; tokens: { accessToken: string } };
    const who = { id: login.account.id, token: login.tokens.accessToken };
    return (await call("GET", blocklist, who)).ok && who;
  });

  const original = await scene(640);
  const copy = await reencoded(original);
  expect((await call("POST", blocklist, member, { hash: "0123456789abcdef", reason: "x" })).status).toBe(403);
  const entry = (await must("POST", blocklist, admin, {
    hash: await differenceHash(original, 50_000_000),
    reason: "known abuse image",
  })) as { id: string };

  expect(await upload(member, copy)).toMatchObject({ status: "failed", error: "blocked_media" });
  expect((await upload(member, await scene(640, "city"))).status).toBe("ready");

  expect((await call("DELETE", `${blocklist}/${entry.id}`, admin)).status).toBe(204);
  expect((await upload(member, copy)).status).toBe("ready");
});
