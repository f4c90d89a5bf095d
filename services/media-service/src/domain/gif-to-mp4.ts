import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProcessedVariant } from "./process-image.ts";
import { runTool } from "./run-ffmpeg.ts";

/**
 * An animated GIF as an H.264 MP4 (the "gifv" variant clients play muted in a loop): yuv420p so
 * every browser decodes it, even dimensions (x264 needs them; capped at 2048 px wide), no audio,
 * `+faststart` so playback starts before the whole file is fetched. MP4 has no loop flag: clients
 * loop it (`<video loop muted autoplay>`), as Mastodon's gifv does. Runs ffmpeg through the video
 * pipeline's runner, in the request (a GIF is small: MEDIA_MAX_IMAGE_BYTES).
 */
export async function gifToMp4(
  tools: { ffmpeg: string; ffprobe: string },
  gif: Uint8Array,
): Promise<ProcessedVariant> {
  const dir = await mkdtemp(join(tmpdir(), "nova-gifv-"));
  try {
    const input = join(dir, "in.gif");
    const output = join(dir, "out.mp4");
    await Bun.write(input, gif);
    await runTool([
      tools.ffmpeg,
      "-hide_banner",
      "-nostats",
      "-loglevel",
      "error",
      "-y",
      "-i",
      input,
      "-an",
      "-vf",
      "scale=w='trunc(min(iw,2048)/2)*2':h=-2",
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-pix_fmt",
      "yuv420p",
      "-movflags",
      "+faststart",
      "-f",
      "mp4",
      output,
    ]);
    const bytes = new Uint8Array(await readFile(output));
    const probe = JSON.parse(
      await runTool([
        tools.ffprobe,
        "-v",
        "error",
        "-select_streams",
        "v:0",
        "-show_entries",
        "stream=width,height",
        "-print_format",
        "json",
        output,
      ]),
    ) as { streams?: Array<{ width?: number; height?: number }> };
    const stream = probe.streams?.[0];
    return {
      name: "gifv",
      width: stream?.width ?? 0,
      height: stream?.height ?? 0,
      main: { bytes, contentType: "video/mp4" },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
