import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { form, startMediaService } from "./support/media-harness.ts";

let h: Awaited<ReturnType<typeof startMediaService>>;
let dir: string;
beforeAll(async () => {
  h = await startMediaService({ LIVE_ENABLED: "false" });
  dir = await mkdtemp(join(tmpdir(), "nova-gif-test-"));
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

function run(cmd: string[]): string {
  const p = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`${cmd[0]} failed: ${p.stderr.toString()}`);
  return p.stdout.toString();
}

/** A 3-frame 16×16 animated GIF (ffmpeg's test pattern at 3 fps for 1 s). */
async function animatedGif(): Promise<Uint8Array> {
  const out = join(dir, "anim.gif");
  run([
    "ffmpeg",
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=16x16:rate=3",
    "-t",
    "1",
    out,
  ]);
  const bytes = new Uint8Array(await readFile(out));
  expect((await sharp(bytes).metadata()).pages).toBe(3);
  return bytes;
}

describe("GIF uploads", () => {
  test("an animated GIF is kind gif with a poster and an H.264 MP4 (gifv) served by a signed URL", async () => {
    const alice = await h.user();
    const res = await h.request("/api/v1/media", {
      method: "POST",
      body: form(await animatedGif(), {}, "loop.gif"),
      token: alice.token,
    });
    expect(res.status).toBe(201);
    const m = await res.json();
    expect(m).toMatchObject({ kind: "gif", status: "ready", width: 16, height: 16 });
    const gifv = m.variants.find((v: { name: string }) => v.name === "gifv");
    expect(gifv).toMatchObject({ contentType: "video/mp4", width: 16, height: 16 });
    const poster = m.variants.find((v: { name: string }) => v.name === "animated");
    expect(poster.fallback.contentType).toBe("image/jpeg");

    const got = await h.fetchUrl(gifv.url);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("video/mp4");
    const mp4 = join(dir, "got.mp4");
    await Bun.write(mp4, await got.arrayBuffer());
    const probe = JSON.parse(
      run([
        "ffprobe",
        "-v",
        "error",
        "-count_frames",
        "-show_entries",
        "stream=codec_type,codec_name,pix_fmt,width,height,nb_read_frames",
        "-of",
        "json",
        mp4,
      ]),
    ) as { streams: Array<Record<string, string | number>> };
    expect(probe.streams.map((s) => s.codec_type)).toEqual(["video"]); // no audio
    const [video] = probe.streams;
    expect(video).toMatchObject({ codec_name: "h264", pix_fmt: "yuv420p", width: 16, height: 16 });
    expect(Number(video?.nb_read_frames)).toBeGreaterThanOrEqual(2);
    // +faststart: the moov atom comes before the media data.
    const bytes = Buffer.from(await readFile(mp4));
    expect(bytes.indexOf("moov")).toBeLessThan(bytes.indexOf("mdat"));
  });

  test("a still (one-frame) GIF stays a plain image with the usual sizes and no MP4", async () => {
    const alice = await h.user();
    const still = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#aa3366" } })
      .gif()
      .toBuffer();
    const res = await h.request("/api/v1/media", {
      method: "POST",
      body: form(still, {}, "still.gif"),
      token: alice.token,
    });
    expect(res.status).toBe(201);
    const m = await res.json();
    expect(m.kind).toBe("image");
    expect(m.variants.map((v: { name: string }) => v.name)).toEqual(["small", "medium", "large"]);
    expect(m.variants.every((v: { contentType: string }) => v.contentType !== "video/mp4")).toBe(true);
  });
});
