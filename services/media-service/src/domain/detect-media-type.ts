import { UnsupportedMediaTypeError } from "@nova/errors";
import { fileTypeFromBuffer } from "file-type";
import type { MediaKind } from "../db/schema/index.ts";

const KINDS: Record<string, MediaKind> = {
  "image/jpeg": "image",
  "image/png": "image",
  "image/webp": "image",
  "image/avif": "image",
  "image/gif": "gif",
  "video/mp4": "video",
  "video/quicktime": "video",
  "video/webm": "video",
  "video/x-matroska": "video",
};

export interface DetectedType {
  kind: MediaKind;
  contentType: string;
}

/**
 * The type as the bytes say (magic numbers), never the file name or the declared type. Anything
 * else is a 415 problem.
 */
export async function detectMediaType(head: Uint8Array): Promise<DetectedType> {
  const found = await fileTypeFromBuffer(head);
  const kind = found && KINDS[found.mime];
  if (!found || !kind) {
    throw new UnsupportedMediaTypeError(
      `unsupported file type${found ? ` ${found.mime}` : ""}: upload JPEG, PNG, WebP, AVIF, GIF, MP4, MOV, WebM or MKV`,
    );
  }
  return { kind, contentType: found.mime };
}
