/**
 * Live streaming end to end with the real engines: media-service started as in production mode's
 * embedded default (its own PGlite, files, nginx-rtmp child on a free port), an ffmpeg push of a
 * test pattern, the live HLS read by ffprobe, then the end and the recording as a video media object.
 * Needs ffmpeg, nginx-light and libnginx-mod-rtmp (.ci/run installs them). ~40 s.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StartedService, startService } from "@nova/kit";
import { createTestTokenIssuer } from "../../packages/auth/src/testing/index.ts";
import { service as mediaService } from "../../services/media-service/src/index.ts";

const dataDir = mkdtempSync(join(tmpdir(), "nova-live-e2e-"));
const free = () => {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = s.port;
  s.stop(true);
  return port;
};
const httpPort = free();
const rtmpPort = free();
let started: StartedService;
let token: string;

beforeAll(async () => {
  const issuer = await createTestTokenIssuer();
  token = await issuer.sign({ accountId: Bun.randomUUIDv7() });
  const config = mediaService.loadConfig({
    HTTP_PORT: String(httpPort),
    GRPC_PORT: String(free()),
    APP_ENV: "test",
    LOG_LEVEL: "warn",
    NOVA_DATA_DIR: dataDir,
    JWT_PUBLIC_KEY_PEM: issuer.publicPem,
    IDENTITY_SERVICE_URL: "http://127.0.0.1:1",
    MEDIA_PUBLIC_URL: `http://127.0.0.1:${httpPort}`,
    LIVE_RTMP_PORT: String(rtmpPort),
    LIVE_INGEST_URL: `rtmp://127.0.0.1:${rtmpPort}/live`,
  });
  started = await startService(mediaService, config, { hostname: "127.0.0.1" });
}, 60_000);

afterAll(async () => {
  await started?.stop({ timeoutMs: 5000 });
  rmSync(dataDir, { recursive: true, force: true });
});

const base = `http://127.0.0.1:${httpPort}`;
const auth = () => ({ authorization: `Bearer ${token}` });

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await Bun.sleep(250);
  }
}

const push = (key: string, seconds: number) =>
  Bun.spawn(
    [
      "ffmpeg",
      "-v",
      "error",
      "-re",
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=640x360:rate=25",
      "-f",
      "lavfi",
      "-i",
      "sine",
      "-t",
      String(seconds),
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-g",
      "50",
      "-pix_fmt",
      "yuv420p",
      "-c:a",
      "aac",
      "-f",
      "flv",
      `rtmp://127.0.0.1:${rtmpPort}/live/${key}`,
    ],
    { stdout: "ignore", stderr: "pipe" },
  );

test("RTMP push → live HLS (2 renditions) → ended with a recording; a wrong key is refused", async () => {
  const live = (await (
    await fetch(`${base}/api/v1/live`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ title: "e2e" }),
    })
  ).json()) as { id: string; ingest: { streamKey: string }; playback: { hls: { url: string } } };

  // nginx must be listening before anything can be refused or accepted.
  await until(
    "the RTMP port",
    async () =>
      (await Bun.connect({ hostname: "127.0.0.1", port: rtmpPort, socket: { data() {} } })).end() ?? true,
    15_000,
  );
  const wrong = push("nlk_wrong", 2);
  expect(await wrong.exited).not.toBe(0);

  const pusher = push(live.ingest.streamKey, 14);
  await until(
    "live",
    async () => {
      const v = (await (await fetch(`${base}/api/v1/live/${live.id}`)).json()) as { status: string };
      return v.status === "live" ? v : undefined;
    },
    15_000,
  );
  const master = await until(
    "a variant with segments",
    async () => {
      const text = await (await fetch(live.playback.hls.url)).text();
      const variant = text.split("\n").find((l) => l.includes("360p.m3u8"));
      if (!variant) return undefined;
      const v = await fetch(variant);
      if (!v.ok) return undefined;
      const segment = (await v.text()).split("\n").find((l) => l.includes(".ts?"));
      return segment ? { text, segment } : undefined;
    },
    20_000,
  );
  expect(master.text).toContain("RESOLUTION=1280x720");
  expect(master.text).toContain("RESOLUTION=640x360");
  const seg = join(dataDir, "seg.ts");
  await Bun.write(seg, await (await fetch(master.segment)).arrayBuffer());
  const probe = Bun.spawnSync([
    "ffprobe",
    "-v",
    "error",
    "-show_entries",
    "stream=codec_name,height",
    "-of",
    "csv=p=0",
    seg,
  ]);
  expect(probe.stdout.toString()).toContain("h264,360");

  expect(await pusher.exited).toBe(0);
  const ended = await until(
    "ended with a recording",
    async () => {
      const v = (await (await fetch(`${base}/api/v1/live/${live.id}`)).json()) as {
        status: string;
        recordingMediaId?: string;
      };
      return v.status === "ended" ? v : undefined;
    },
    30_000,
  );
  expect(ended.recordingMediaId).toBeDefined();
  const media = (await (
    await fetch(`${base}/api/v1/media/${ended.recordingMediaId}`, { headers: auth() })
  ).json()) as {
    kind: string;
    status: string;
  };
  expect(media.kind).toBe("video");
  expect(["processing", "ready"]).toContain(media.status);
}, 120_000);
