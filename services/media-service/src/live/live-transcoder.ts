import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { ServiceContext } from "../context.ts";

/** The live ladder: 2-second segments, a sliding window of 6. */
export const LIVE_RENDITIONS = [
  { name: "720p", height: 720, videoKbps: 2500 },
  { name: "360p", height: 360, videoKbps: 700 },
] as const;

export function liveDir(ctx: ServiceContext, liveId: string): string {
  return resolve(ctx.config.dataDir, "live", "streams", liveId);
}

/**
 * One ffmpeg per live stream on this instance: pulls the RTMP stream back from nginx (loopback),
 * writes the HLS ladder and a recording (the source, remuxed). Resolves `done` when ffmpeg exits
 * (the push ended, or `stop`).
 */
export async function startLiveTranscode(
  ctx: ServiceContext,
  liveId: string,
  streamKey: string,
): Promise<{ done: Promise<number>; stop(): void; recording: string }> {
  const dir = liveDir(ctx, liveId);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const master = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    ...LIVE_RENDITIONS.flatMap((r) => [
      `#EXT-X-STREAM-INF:BANDWIDTH=${(r.videoKbps + 128) * 1000},RESOLUTION=${Math.round((r.height * 16) / 9 / 2) * 2}x${r.height}`,
      `${r.name}.m3u8`,
    ]),
    "",
  ].join("\n");
  await writeFile(join(dir, "master.m3u8"), master);
  const input = `rtmp://127.0.0.1:${ctx.config.extra.LIVE_RTMP_PORT}/live/${streamKey}`;
  const split = LIVE_RENDITIONS.map((_, i) => `[s${i}]`).join("");
  const scales = LIVE_RENDITIONS.map((r, i) => `[s${i}]scale=-2:${r.height}[v${i}]`).join(";");
  const outputs = LIVE_RENDITIONS.flatMap((r, i) => [
    "-map",
    `[v${i}]`,
    "-map",
    "0:a?",
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-tune",
    "zerolatency",
    "-pix_fmt",
    "yuv420p",
    "-b:v",
    `${r.videoKbps}k`,
    "-force_key_frames",
    "expr:gte(t,n_forced*2)",
    "-sc_threshold",
    "0",
    "-c:a",
    "aac",
    "-b:a",
    "128k",
    "-ac",
    "2",
    "-f",
    "hls",
    "-hls_time",
    "2",
    "-hls_list_size",
    "6",
    "-hls_flags",
    "delete_segments+independent_segments",
    "-hls_segment_filename",
    join(dir, `${r.name}_%05d.ts`),
    join(dir, `${r.name}.m3u8`),
  ]);
  const recording = join(dir, "recording.mp4");
  const proc = Bun.spawn(
    [
      ctx.config.extra.FFMPEG_PATH,
      "-hide_banner",
      "-nostats",
      "-loglevel",
      "error",
      "-rw_timeout",
      "15000000",
      "-i",
      input,
      "-filter_complex",
      `[0:v]split=${LIVE_RENDITIONS.length}${split};${scales}`,
      ...outputs,
      "-map",
      "0:v",
      "-map",
      "0:a?",
      "-c",
      "copy",
      "-f",
      "mp4",
      "-movflags",
      "+frag_keyframe+empty_moov",
      recording,
    ],
    { stdout: "ignore", stderr: "pipe" },
  );
  const done = proc.exited.then(async (code) => {
    if (code !== 0 && code !== 255) {
      const err = await new Response(proc.stderr as ReadableStream).text();
      ctx.log.warn("live transcoder exited", { liveId, code, stderr: err.slice(-500) });
    }
    return code;
  });
  return { done, stop: () => proc.kill("SIGINT"), recording };
}
