import type { StoredPart, UploadedPart } from "@nova/blob";
import { FailedPreconditionError, InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";

/** S3 allows at most this many parts in one multipart upload. */
const MAX_PARTS = 10_000;

/** One part a client PUTs: its presigned URL and how many bytes belong in it. */
export interface UploadPartUrl {
  partNumber: number;
  url: string;
  size: number;
}

/** A part the store already holds (a resuming client skips it). */
export type ReceivedPart = StoredPart;

/** The part size and count for a file of `size` bytes (part size grows when 10,000 would not do). */
export function planParts(ctx: ServiceContext, size: number): { partSize: number; partCount: number } {
  const partSize = Math.max(ctx.config.extra.MEDIA_MULTIPART_PART_SIZE, Math.ceil(size / MAX_PARTS));
  return { partSize, partCount: Math.ceil(size / partSize) };
}

/** Bytes that belong in part `n` of a file split into `partSize` pieces. */
function partBytes(n: number, partSize: number, size: number): number {
  return Math.min(partSize, size - (n - 1) * partSize);
}

/** Freshly presigned URLs for the given part numbers (all of them on creation, the missing ones on resume). */
export async function presignParts(
  ctx: ServiceContext,
  session: { key: string; uploadId: string; partSize: number; size: number },
  partNumbers: readonly number[],
  expiresInSeconds: number,
): Promise<UploadPartUrl[]> {
  return Promise.all(
    partNumbers.map(async (partNumber) => ({
      partNumber,
      url: await ctx.storage.store.presignUploadPart(session.key, session.uploadId, partNumber, {
        expiresInSeconds,
      }),
      size: partBytes(partNumber, session.partSize, session.size),
    })),
  );
}

/** Parses `parts` from a complete request: ascending, unique part numbers with non-empty etags. */
export function parseCompletedParts(parts: unknown): UploadedPart[] | undefined {
  if (parts === undefined || parts === null) return undefined;
  const fail = (message: string): never => {
    throw new InvalidArgumentError(`parts ${message}`, [{ field: "parts", message }]);
  };
  if (!Array.isArray(parts) || parts.length === 0 || parts.length > MAX_PARTS)
    fail(`must be a list of 1 to ${MAX_PARTS} parts`);
  const out: UploadedPart[] = [];
  for (const p of parts as Array<{ partNumber?: unknown; etag?: unknown }>) {
    const n = p?.partNumber;
    const etag = typeof p?.etag === "string" ? p.etag.replaceAll('"', "").trim() : "";
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1 || n > MAX_PARTS)
      fail("partNumber must be an integer from 1 to 10000");
    if (etag === "" || etag.length > 128) fail("etag must be the ETag the part's PUT answered");
    if (out.length > 0 && (out.at(-1) as UploadedPart).partNumber >= (n as number))
      fail("must be in ascending partNumber order without repeats");
    out.push({ partNumber: n as number, etag });
  }
  return out;
}

/**
 * Checks the client's list against what the store holds before anything is assembled, so a wrong
 * ETag or a missing part is refused (412) while the upload stays resumable: every part 1..count must
 * be listed, received, and carry the etag its PUT answered.
 */
export function checkCompletedParts(
  given: readonly UploadedPart[],
  received: readonly ReceivedPart[],
  declared: { partCount: number; size: number },
): void {
  const { partCount } = declared;
  const held = new Map(received.map((p) => [p.partNumber, p]));
  const missing: number[] = [];
  for (let n = 1; n <= partCount; n++) if (!held.has(n)) missing.push(n);
  if (missing.length > 0) {
    throw new FailedPreconditionError(`parts not uploaded yet: ${missing.slice(0, 20).join(", ")}`);
  }
  if (given.length !== partCount || given.some((p, i) => p.partNumber !== i + 1)) {
    throw new FailedPreconditionError(`parts must list every part from 1 to ${partCount}`);
  }
  let total = 0;
  for (const p of given) {
    const part = held.get(p.partNumber);
    if (part?.etag !== p.etag)
      throw new FailedPreconditionError(`part ${p.partNumber}: etag differs from the uploaded part's`);
    total += part.size;
  }
  if (total !== declared.size) {
    throw new FailedPreconditionError(`the parts hold ${total} bytes, declared ${declared.size}`);
  }
}
