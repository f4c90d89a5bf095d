import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeTrustSafety } from "@nova/kit/testing";
import { MediaFailedSchema } from "@nova/proto/media/v1";
import { eq } from "drizzle-orm";
import { outbox } from "../src/db/schema/index.ts";
import { processVideo } from "../src/domain/process-video.ts";
import { differenceHash } from "../src/domain/screen-image.ts";
import { form, startMediaService } from "./support/media-harness.ts";

const MAX_PIXELS = 50_000_000;
const ts = new FakeTrustSafety();
let h: Awaited<ReturnType<typeof startMediaService>>;
let dir: string;

/** A 2-second 320×240 clip of an ffmpeg lavfi source (no audio). */
async function clip(source: string): Promise<Uint8Array> {
  const path = join(dir, `${source.replace(/\W/g, "")}.mp4`);
  const p = Bun.spawnSync(
    ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", `${source}=size=320x240:rate=10`, "-t", "2"].concat([
      "-c:v",
      "libx264",
      "-pix_fmt",
      "yuv420p",
      path,
    ]),
  );
  if (p.exitCode !== 0) throw new Error(`ffmpeg could not make the test clip: ${p.stderr}`);
  return new Uint8Array(await Bun.file(path).arrayBuffer());
}

/** The dHash of the frame 1 s into `bytes` (decoded here independently of the pipeline). */
async function frameHashAt1s(bytes: Uint8Array): Promise<string> {
  const input = join(dir, `probe-${crypto.randomUUID()}.mp4`);
  await Bun.write(input, bytes);
  const png = `${input}.png`;
  const p = Bun.spawnSync(["ffmpeg", "-v", "error", "-y", "-ss", "1", "-i", input, "-frames:v", "1", png]);
  if (p.exitCode !== 0) throw new Error(`ffmpeg could not extract a frame: ${p.stderr}`);
  return differenceHash(new Uint8Array(await Bun.file(png).arrayBuffer()), MAX_PIXELS);
}

beforeAll(async () => {
  h = await startMediaService({}, { trustSafety: ts });
  dir = await mkdtemp(join(tmpdir(), "nova-media-vhash-"));
}, 30_000);
afterAll(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const uploadVideo = async (token: string, bytes: Uint8Array): Promise<string> => {
  const res = await h.request("/api/v1/media", { method: "POST", body: form(bytes, {}, "clip.mp4"), token });
  expect(res.status).toBe(202);
  return (await res.json()).id;
};
const filesOf = async (ownerId: string, id: string) =>
  (await h.store.list(`media/${ownerId}/${id}/`)).items.map((i) => i.key);

describe("videos through trust-safety's hash check", () => {
  test("a video whose frame is on the blocklist ends failed blocked_media, its files deleted, MediaFailed; another is ready", async () => {
    const alice = await h.user();
    const bad = await clip("testsrc");
    const badHash = await frameHashAt1s(bad);
    ts.verdicts.set(badHash, { decision: "reject", reasonCode: "blocked_media" });

    const id = await uploadVideo(alice.token, bad);
    expect((await filesOf(alice.id, id)).length).toBeGreaterThan(0); // the source, until the job
    const checksBefore = ts.checked.length;
    await processVideo(h.ctx, id);

    const m = await (await h.request(`/api/v1/media/${id}`, { token: alice.token })).json();
    expect(m).toMatchObject({ status: "failed", error: "blocked_media" });
    expect(await filesOf(alice.id, id)).toEqual([]);
    const checks = ts.checked.slice(checksBefore);
    // The poster's moment (1 s) plus 10 %, 50 % (also 1 s: deduplicated) and 90 %: three frames.
    expect(checks.length).toBeGreaterThanOrEqual(2);
    expect(
      checks.every((c) => c.subjectType === "media" && c.subjectId === id && c.accountId === alice.id),
    ).toBe(true);
    expect(checks.map((c) => c.mediaHash)).toContain(badHash);
    const events = await h.db.db.select().from(outbox).where(eq(outbox.aggregateId, id));
    expect(events.map((e) => e.eventType)).toContain(MediaFailedSchema.typeName);
    expect((await h.request(`/api/v1/media/${id}`, { token: (await h.user()).token })).status).toBe(404);

    const fine = await uploadVideo(alice.token, await clip("smptebars"));
    await processVideo(h.ctx, fine);
    const ok = await (await h.request(`/api/v1/media/${fine}`, { token: alice.token })).json();
    expect(ok).toMatchObject({ status: "ready" });
    expect((await filesOf(alice.id, fine)).some((k) => k.endsWith("master.m3u8"))).toBe(true);
  }, 60_000);

  test("trust-safety down with MEDIA_CHECK_FAIL_MODE=reject: the job throws (retried), the video stays processing", async () => {
    const bob = await h.user();
    const id = await uploadVideo(bob.token, await clip("smptebars"));
    ts.down = true;
    try {
      await expect(processVideo(h.ctx, id)).rejects.toThrow(/unavailable/);
    } finally {
      ts.down = false;
    }
    const m = await (await h.request(`/api/v1/media/${id}`, { token: bob.token })).json();
    expect(m.status).toBe("processing");
    expect((await filesOf(bob.id, id)).length).toBeGreaterThan(0); // the source is kept for the retry
    await processVideo(h.ctx, id);
    expect((await (await h.request(`/api/v1/media/${id}`, { token: bob.token })).json()).status).toBe(
      "ready",
    );
  }, 60_000);
});
