/**
 * Issue 21's image hash blocklist end to end: identity, user, trust-safety and media in one process
 * on shifted ports. An admin (granted with the staff CLI's verb) blocks the dHash of a picture; a
 * member's upload of a re-encoded, resized copy of it is recorded failed with `blocked_media`
 * (media-service hashed it and trust-safety matched it within the Hamming distance), while a
 * different picture becomes ready. Removing the entry lets the copy through. Videos too: the dHash
 * of one frame of a clip on the blocklist fails the video (the job, run through the bus, screens the
 * poster's moment and 10/50/90 % of the duration); an unrelated clip becomes ready.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

const blocklist = url("trust-safety-service", "/api/v1/moderation/hash-blocklist");
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

/** A member granted `admin` with the staff CLI's verb, logged in again so the token carries the role. */
async function registerAdmin(username: string): Promise<Member> {
  await registerMember(url, username);
  const identity = sys.services.get("identity-service");
  await runStaffCommand(["grant", username, "admin"], { ctx: identity?.ctx as never, by: "test" });
  // The grant revoked the admin's tokens issued until then (to the second): a login after it
  // carries the role and is accepted.
  return until("an admin token", async () => {
    const login = (await must("POST", url("identity-service", "/api/v1/auth/login"), undefined, {
      identifier: username,
      password: "SecurePass123!",
    })) as { account: { id: string }; tokens: { accessToken: string } };
    const who = { id: login.account.id, token: login.tokens.accessToken };
    return (await call("GET", blocklist, who)).ok && who;
  });
}

test("an admin's blocked hash refuses a re-encoded, resized copy of the picture; other pictures are ready", async () => {
  const member = await registerMember(url, "hash_member");
  const admin = await registerAdmin("hash_admin");
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

/** A 2-second 320×240 clip of an ffmpeg lavfi source, and the dHash of its frame 1 s in. */
async function clipWithFrameHash(source: string): Promise<{ clip: Uint8Array; frameHash: string }> {
  const dir = await mkdtemp(join(tmpdir(), "nova-system-vhash-"));
  try {
    const [clip, png] = [join(dir, "clip.mp4"), join(dir, "frame.png")];
    const run = (args: string[]) => {
      const p = Bun.spawnSync(["ffmpeg", "-v", "error", "-y", ...args]);
      if (p.exitCode !== 0) throw new Error(`ffmpeg failed: ${p.stderr}`);
    };
    run([
      "-f",
      "lavfi",
      "-i",
      `${source}=size=320x240:rate=10`,
      "-t",
      "2",
      "-c:v",
      "libx264",
      "-pix_fmt",
      "yuv420p",
      clip,
    ]);
    run(["-ss", "1", "-i", clip, "-frames:v", "1", png]);
    return {
      clip: new Uint8Array(await Bun.file(clip).arrayBuffer()),
      frameHash: await differenceHash(new Uint8Array(await Bun.file(png).arrayBuffer()), 50_000_000),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Uploads a video (202 processing) and waits for the job (through the bus) to finish it. */
async function uploadVideo(who: Member, bytes: Uint8Array): Promise<{ status: string; error?: string }> {
  const form = new FormData();
  form.set("file", new Blob([bytes as BlobPart]), "clip.mp4");
  const res = await fetch(url("media-service", "/api/v1/media"), {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${who.token}` },
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  return until(
    "the video job",
    async () => {
      const m = (await must("GET", url("media-service", `/api/v1/media/${id}`), who)) as {
        status: string;
        error?: string;
      };
      return m.status !== "processing" && m;
    },
    600,
  );
}

test("a video with a frame on the blocklist ends failed blocked_media; an unrelated video is ready", async () => {
  const member = await registerMember(url, "vhash_member");
  const admin = await registerAdmin("vhash_admin");
  const bad = await clipWithFrameHash("testsrc");
  await must("POST", blocklist, admin, { hash: bad.frameHash, reason: "known abuse video" });

  expect(await uploadVideo(member, bad.clip)).toMatchObject({ status: "failed", error: "blocked_media" });
  expect((await uploadVideo(member, (await clipWithFrameHash("smptebars")).clip)).status).toBe("ready");
}, 60_000);
