import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { VideoProbe } from "./probe-video.ts";
import { runTool } from "./run-ffmpeg.ts";
import { differenceHash } from "./screen-image.ts";
import { posterSeconds } from "./transcode-hls.ts";

/** The moments screened, as fractions of the duration (plus the poster's moment). */
const SCREENED_FRACTIONS = [0.1, 0.5, 0.9];

/** The seconds at which a video's frames are screened: the poster's moment, then 10 %, 50 %, 90 %. */
export function screenedMoments(probe: Pick<VideoProbe, "durationMs">): number[] {
  const seconds = [posterSeconds(probe), ...SCREENED_FRACTIONS.map((f) => (probe.durationMs * f) / 1000)];
  return [...new Set(seconds.map((s) => Number(s.toFixed(2))))];
}

/**
 * The dHashes (`differenceHash`, the images' hash) of the video's screened frames: each frame
 * decoded by ffmpeg to a lossless PNG in `dir` (full size, before any scaling), then hashed.
 * A moment ffmpeg yields no frame for (past the last frame of a short clip) is skipped; a video
 * with no frame at all throws, so the job is retried rather than the video passing unscreened.
 */
export async function videoFrameHashes(args: {
  ffmpeg: string;
  source: string;
  dir: string;
  probe: VideoProbe;
  maxPixels: number;
}): Promise<string[]> {
  const hashes: string[] = [];
  for (const [i, at] of screenedMoments(args.probe).entries()) {
    const frame = join(args.dir, `screen-${i}.png`);
    await runTool([
      args.ffmpeg,
      "-hide_banner",
      "-nostats",
      "-y",
      "-ss",
      at.toFixed(2),
      "-i",
      args.source,
      "-frames:v",
      "1",
      "-f",
      "image2",
      frame,
    ]);
    const bytes = await readFile(frame).catch(() => undefined);
    if (bytes) hashes.push(await differenceHash(bytes, args.maxPixels));
  }
  if (hashes.length === 0) throw new Error("no frame of the video could be decoded for screening");
  return hashes;
}
