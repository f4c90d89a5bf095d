import { withTransaction } from "@nova/db";
import { InvalidArgumentError, UnprocessableError } from "@nova/errors";
import { and, eq, notInArray } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { lockMediaByIds } from "../db/media-queries.ts";
import { type MediaRow, media } from "../db/schema/index.ts";
import { parseMediaId } from "./media-input.ts";
import { type MediaView, toMediaView } from "./media-view.ts";

const SUBJECT = /^(post|comment|avatar|banner):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const MAX_IMAGES_PER_POST = 4;

export function parseSubject(subject: string): { kind: string; subject: string } {
  const s = subject.toLowerCase();
  const m = SUBJECT.exec(s);
  if (!m) {
    throw new InvalidArgumentError("subject must be post|comment|avatar|banner:<uuid>", [
      { field: "subject", message: "must be post|comment|avatar|banner:<uuid>" },
    ]);
  }
  return { kind: m[1] as string, subject: s };
}

function refuse(id: string, why: string): never {
  throw new UnprocessableError(`media ${id} ${why}`, [{ field: "mediaIds", message: `${id}: ${why}` }]);
}

/** What a subject may hold: a post or comment ≤ 4 images/GIFs or exactly 1 video; a profile 1 image. */
function checkComposition(kind: string, rows: MediaRow[]): void {
  const videos = rows.filter((r) => r.kind === "video");
  if (kind === "avatar" || kind === "banner") {
    if (rows.length > 1) refuse((rows[1] as MediaRow).id, `cannot be attached: a ${kind} is one image`);
    const video = videos[0];
    if (video) refuse(video.id, `is a video: a ${kind} must be an image`);
    return;
  }
  if (videos.length > 0 && rows.length > 1) {
    refuse((videos[0] as MediaRow).id, "is a video: a post holds at most 1 video and nothing else");
  }
  if (rows.length > MAX_IMAGES_PER_POST) {
    refuse(
      (rows[MAX_IMAGES_PER_POST] as MediaRow).id,
      `is one too many: at most ${MAX_IMAGES_PER_POST} images`,
    );
  }
}

/**
 * Attaches the owner's ready media to a subject, replacing what it held (those are released, to
 * be collected after MEDIA_UNATTACHED_TTL). Each id must exist, belong to `ownerId`, be ready and
 * not be held by another subject — else 422 naming the id, and nothing changes.
 */
export async function attachMedia(args: {
  ctx: ServiceContext;
  input: { ownerId: string; subject: string; mediaIds: readonly string[] };
}): Promise<MediaView[]> {
  const { ctx } = args;
  const { kind, subject } = parseSubject(args.input.subject);
  const ownerId = parseMediaId(args.input.ownerId, "ownerId");
  const ids = args.input.mediaIds.map((id) => parseMediaId(id, "mediaIds"));
  if (new Set(ids).size !== ids.length) {
    throw new InvalidArgumentError("mediaIds must not repeat an id", [
      { field: "mediaIds", message: "duplicate id" },
    ]);
  }
  const rows = await withTransaction(ctx.db.db, async (tx) => {
    const locked = new Map((await lockMediaByIds(tx, ids)).map((r) => [r.id, r]));
    const ordered: MediaRow[] = [];
    for (const id of ids) {
      const row = locked.get(id);
      if (!row || row.ownerId !== ownerId) refuse(id, "does not exist or is not yours");
      if (row.status !== "ready") refuse(id, `is not ready (status ${row.status})`);
      if (row.attachedTo && row.attachedTo !== subject) refuse(id, "is already attached elsewhere");
      ordered.push(row);
    }
    checkComposition(kind, ordered);
    const now = ctx.clock();
    await tx
      .update(media)
      .set({ attachedTo: null, updatedAt: now })
      .where(
        ids.length > 0
          ? and(eq(media.attachedTo, subject), notInArray(media.id, ids))
          : eq(media.attachedTo, subject),
      );
    for (const [order, id] of ids.entries()) {
      await tx
        .update(media)
        .set({ attachedTo: subject, attachedOrder: order, updatedAt: now })
        .where(eq(media.id, id));
    }
    return ordered;
  });
  return Promise.all(rows.map((r) => toMediaView(ctx, { ...r, attachedTo: subject })));
}

/** Releases everything a subject held (a deleted post): collected after MEDIA_UNATTACHED_TTL. */
export async function releaseMedia(args: {
  ctx: ServiceContext;
  input: { subject: string };
}): Promise<number> {
  const { subject } = parseSubject(args.input.subject);
  const released = await args.ctx.db.db
    .update(media)
    .set({ attachedTo: null, updatedAt: args.ctx.clock() })
    .where(eq(media.attachedTo, subject))
    .returning({ id: media.id });
  return released.length;
}
