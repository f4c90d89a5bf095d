import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { VideoProbe } from "./probe-video.ts";
import { runTool } from "./run-ffmpeg.ts";

/** The HLS ladder; renditions taller than the source are left out (the source's own height if none fits). */
const LADDER = [
  { name: "720p", height: 720, videoKbps: 2800 },
  { name: "360p", height: 360, videoKbps: 800 },
];

export interface Rendition {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
}

export function planLadder(probe: Pick<VideoProbe, "width" | "height">) {
  const fits = LADDER.filter((r) => r.height <= probe.height);
  const chosen =
    fits.length > 0 ? fits : [{ name: `${probe.height}p`, height: probe.height, videoKbps: 600 }];
  return chosen.map((r) => {
    const height = r.height - (r.height % 2);
    const width = Math.max(2, Math.round((probe.width * height) / probe.height / 2) * 2);
    return { ...r, height, width };
  });
}

/** Where the poster is taken: 1 s in, or the middle of a shorter video. */
export function posterSeconds(probe: Pick<VideoProbe, "durationMs">): number {
  return Math.min(1, probe.durationMs / 2000);
}

/**
 * Transcodes `source` into `outDir`: one H.264/AAC HLS rendition per ladder step (4-second
 * segments, VOD playlists), `master.m3u8` listing them, and `poster.jpg`. `onProgress` gets 0..1.
 */
export async function transcodeHls(args: {
  ffmpeg: string;
  source: string;
  outDir: string;
  probe: VideoProbe;
  onProgress: (fraction: number) => void;
}): Promise<Rendition[]> {
  const { ffmpeg, source, outDir, probe } = args;
  const ladder = planLadder(probe);
  const renditions: Rendition[] = [];
  for (const [i, r] of ladder.entries()) {
    const audio = probe.hasAudio ? ["-c:a", "aac", "-b:a", "128k", "-ac", "2"] : ["-an"];
    await runTool(
      [
        ffmpeg,
        "-hide_banner",
        "-nostats",
        "-y",
        "-i",
        source,
        "-vf",
        `scale=${r.width}:${r.height}`,
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-profile:v",
        "main",
        "-pix_fmt",
        "yuv420p",
        "-b:v",
        `${r.videoKbps}k`,
        "-maxrate",
        `${Math.round(r.videoKbps * 1.07)}k`,
        "-bufsize",
        `${r.videoKbps * 2}k`,
        "-g",
        "48",
        "-keyint_min",
        "48",
        "-sc_threshold",
        "0",
        ...audio,
        "-f",
        "hls",
        "-hls_time",
        "4",
        "-hls_playlist_type",
        "vod",
        "-hls_segment_filename",
        join(outDir, `${r.name}_%03d.ts`),
        "-progress",
        "pipe:1",
        join(outDir, `${r.name}.m3u8`),
      ],
      {
        onLine: (line) => {
          const m = /^out_time_us=(\d+)/.exec(line);
          if (m) {
            const done = Math.min(1, Number(m[1]) / 1000 / Math.max(1, probe.durationMs));
            args.onProgress((i + done) / ladder.length);
          }
        },
      },
    );
    renditions.push({
      name: r.name,
      width: r.width,
      height: r.height,
      bandwidth: (r.videoKbps + (probe.hasAudio ? 128 : 0)) * 1000,
    });
  }
  const master = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    ...renditions.flatMap((r) => [
      `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height}`,
      `${r.name}.m3u8`,
    ]),
    "",
  ].join("\n");
  await writeFile(join(outDir, "master.m3u8"), master);
  const at = posterSeconds(probe).toFixed(2);
  await runTool([
    ffmpeg,
    "-hide_banner",
    "-nostats",
    "-y",
    "-ss",
    at,
    "-i",
    source,
    "-frames:v",
    "1",
    "-vf",
    `scale=${ladder[0]?.width}:${ladder[0]?.height}`,
    join(outDir, "poster.jpg"),
  ]);
  return renditions;
}
