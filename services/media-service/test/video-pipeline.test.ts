import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { outbox } from "../src/db/schema/index.ts";
import { processVideo } from "../src/domain/process-video.ts";
import { form, startMediaService } from "./support/media-harness.ts";

// One real (1-second, 1280×720) ffmpeg transcode: ~2 s on this machine. Longer journeys are in test/e2e.
let h: Awaited<ReturnType<typeof startMediaService>>;
let dir: string;
let clip: Uint8Array;
beforeAll(async () => {
  h = await startMediaService();
  dir = await mkdtemp(join(tmpdir(), "nova-media-video-"));
  const path = join(dir, "clip.mp4");
  const p = Bun.spawnSync([
    "ffmpeg",
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=1280x720:rate=15",
    "-f",
    "lavfi",
    "-i",
    "sine",
    "-t",
    "1",
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    path,
  ]);
  if (p.exitCode !== 0) throw new Error(`ffmpeg could not make the test clip: ${p.stderr}`);
  clip = new Uint8Array(await Bun.file(path).arrayBuffer());
});
afterAll(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("video pipeline", () => {
  test("an MP4 answers 202 processing, the job (queued through the outbox) makes HLS 720p+360p and a poster", async () => {
    const alice = await h.user();
    const res = await h.request("/api/v1/media", {
      method: "POST",
      body: form(clip, {}, "clip.mp4"),
      token: alice.token,
    });
    expect(res.status).toBe(202);
    const queued = await res.json();
    expect(queued).toMatchObject({ kind: "video", status: "processing", processingProgress: 0 });
    const jobs = await h.db.db.select().from(outbox).where(eq(outbox.aggregateId, queued.id));
    expect(jobs.map((j) => j.eventType)).toContain("nova.media.v1.VideoProcessingRequested");
    // Someone else cannot see it while it is processing.
    expect((await h.request(`/api/v1/media/${queued.id}`)).status).toBe(404);

    await processVideo(h.ctx, queued.id);
    const m = await (await h.request(`/api/v1/media/${queued.id}`)).json();
    expect(m).toMatchObject({ status: "ready", width: 1280, height: 720, processingProgress: 1 });
    expect(m.video.durationMs).toBeGreaterThan(900);
    expect(m.blurhash.length).toBeGreaterThan(6);

    const master = await h.fetchUrl(m.video.hls.url);
    expect(master.status).toBe(200);
    expect(master.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    const text = await master.text();
    expect(text).toContain("RESOLUTION=1280x720");
    expect(text).toContain("RESOLUTION=640x360");
    const variantUrl = text
      .split("\n")
      .find((l) => l.startsWith("http") && l.includes("360p.m3u8")) as string;
    const variant = await (await h.fetchUrl(variantUrl)).text();
    const segmentUrl = variant.split("\n").find((l) => l.startsWith("http")) as string;
    const segment = await h.fetchUrl(segmentUrl);
    expect(segment.status).toBe(200);
    expect(segment.headers.get("content-type")).toBe("video/mp2t");
    const segPath = join(dir, "seg.ts");
    await Bun.write(segPath, await segment.arrayBuffer());
    const probe = Bun.spawnSync([
      "ffprobe",
      "-v",
      "error",
      "-show_entries",
      "stream=codec_name,height",
      "-of",
      "csv=p=0",
      segPath,
    ]);
    expect(probe.stdout.toString()).toContain("h264,360");
    expect((await h.fetchUrl(m.video.poster.url)).headers.get("content-type")).toBe("image/jpeg");

    // A tampered playlist URL is refused; a redelivered job changes nothing.
    const tampered = new URL(m.video.hls.url);
    tampered.pathname = tampered.pathname.replace("master.m3u8", "720p.m3u8");
    expect((await h.fetchUrl(tampered.toString())).status).toBe(403);
    await processVideo(h.ctx, queued.id);
    expect(
      (await h.store.list(`media/${alice.id}/${queued.id}/`)).items.some((i) => i.key.endsWith("source.mp4")),
    ).toBe(false);
  });

  test("a file ffprobe cannot read as video ends failed with a reason, and MediaFailed is queued", async () => {
    const alice = await h.user();
    // Valid MP4 magic (ftyp box) followed by garbage.
    const fake = new Uint8Array(4096);
    fake.set([
      0,
      0,
      0,
      0x18,
      ...new TextEncoder().encode("ftypmp42"),
      0,
      0,
      0,
      0,
      ...new TextEncoder().encode("mp42isom"),
    ]);
    const res = await h.request("/api/v1/media", {
      method: "POST",
      body: form(fake, {}, "x.mp4"),
      token: alice.token,
    });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    await processVideo(h.ctx, id);
    const m = await (await h.request(`/api/v1/media/${id}`, { token: alice.token })).json();
    expect(m.status).toBe("failed");
    expect(m.error).toMatch(/video/);
    const events = await h.db.db.select().from(outbox).where(eq(outbox.aggregateId, id));
    expect(events.map((e) => e.eventType)).toContain("nova.media.v1.MediaFailed");
  });
});
