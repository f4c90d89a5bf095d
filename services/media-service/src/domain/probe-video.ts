import { runTool } from "./run-ffmpeg.ts";

/** Video codecs the pipeline transcodes from. */
export const SUPPORTED_VIDEO_CODECS = new Set([
  "h264",
  "hevc",
  "vp8",
  "vp9",
  "av1",
  "mpeg4",
  "prores",
  "mjpeg",
]);

export interface VideoProbe {
  width: number;
  height: number;
  durationMs: number;
  codec: string;
  hasAudio: boolean;
}

/** ffprobe's view of a file; `reason` is set when the pipeline must refuse it (shown to the owner). */
export async function probeVideo(
  ffprobe: string,
  path: string,
  maxSeconds: number,
): Promise<{ probe?: VideoProbe; reason?: string }> {
  let json: {
    streams?: Array<{
      codec_type?: string;
      codec_name?: string;
      width?: number;
      height?: number;
      duration?: string;
      tags?: { rotate?: string };
      side_data_list?: Array<{ rotation?: number }>;
    }>;
    format?: { duration?: string };
  };
  try {
    json = JSON.parse(
      await runTool([ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path]),
    );
  } catch {
    return { reason: "the file could not be read as a video" };
  }
  const video = json.streams?.find((s) => s.codec_type === "video");
  if (!video?.codec_name || !video.width || !video.height) return { reason: "the file has no video stream" };
  if (!SUPPORTED_VIDEO_CODECS.has(video.codec_name)) {
    return { reason: `unsupported video codec ${video.codec_name}` };
  }
  const seconds = Number(json.format?.duration ?? video.duration ?? Number.NaN);
  if (!Number.isFinite(seconds) || seconds <= 0) return { reason: "the video's duration could not be read" };
  if (seconds > maxSeconds)
    return { reason: `the video is ${Math.round(seconds)} s long, over the limit of ${maxSeconds} s` };
  const rotation = Math.abs(Number(video.tags?.rotate ?? video.side_data_list?.[0]?.rotation ?? 0)) % 180;
  const [width, height] = rotation === 90 ? [video.height, video.width] : [video.width, video.height];
  return {
    probe: {
      width,
      height,
      durationMs: Math.round(seconds * 1000),
      codec: video.codec_name,
      hasAudio: !!json.streams?.some((s) => s.codec_type === "audio"),
    },
  };
}
