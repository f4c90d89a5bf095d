import { type MediaObjectView, toMediaObjectView } from "@nova/media-view";
import { toDomainError } from "@nova/rpc";
import type { ServiceContext } from "../context.ts";
import type { PostView } from "./post-view.ts";

/** A media object as post views show it (URLs signed by media-service; they expire). */
export type PostMediaView = MediaObjectView;

/** What media-service attaches media to: a post or a comment (`post:<id>`, `comment:<id>`). */
export type MediaSubject = `${"post" | "comment"}:${string}`;

/**
 * Attaches a post's or comment's media through media-service, which checks each id is the
 * author's and ready (else 422 naming the id) and that the subject holds at most 4 images or 1
 * video. Replaces what the subject held before (edits). No media → no call.
 */
export async function attachMedia(
  ctx: ServiceContext,
  authorId: string,
  subject: MediaSubject,
  mediaIds: readonly string[],
  hadMedia = false,
): Promise<void> {
  if (mediaIds.length === 0 && !hadMedia) return;
  try {
    await ctx.media.attachMedia({ ownerId: authorId, subject, mediaIds: [...mediaIds] });
  } catch (err) {
    // 422 (not the author's, not ready, too many) stays 422; an unreachable media-service is 503.
    throw toDomainError(err, "media-service");
  }
}

export const attachPostMedia = (
  ctx: ServiceContext,
  authorId: string,
  postId: string,
  mediaIds: readonly string[],
  hadMedia = false,
) => attachMedia(ctx, authorId, `post:${postId}`, mediaIds, hadMedia);

/** Undoes an attach whose post/comment was not written after all (best effort: the 24 h GC is the backstop). */
export async function releaseMedia(ctx: ServiceContext, subject: MediaSubject): Promise<void> {
  await ctx.media
    .releaseMedia({ subject })
    .catch((err) => ctx.log.warn("could not release a failed write's media", { err, subject }));
}

export const releasePostMedia = (ctx: ServiceContext, postId: string) => releaseMedia(ctx, `post:${postId}`);

/**
 * Post (or comment) views with their media objects: one BatchGetMedia for the whole page (100 ids
 * per call). When media-service cannot answer, they are still served, with `media: []` (ids stay
 * in mediaIds).
 */
export async function withPostMedia<P extends Pick<PostView, "mediaIds">>(
  ctx: ServiceContext,
  views: readonly P[],
): Promise<Array<P & { media: PostMediaView[] }>> {
  const ids = [...new Set(views.flatMap((v) => v.mediaIds))];
  const byId = new Map<string, PostMediaView>();
  try {
    for (let i = 0; i < ids.length; i += 100) {
      const res = await ctx.media.batchGetMedia({ ids: ids.slice(i, i + 100) });
      for (const m of res.media) byId.set(m.id, toMediaObjectView(m));
    }
  } catch (err) {
    ctx.log.warn("media-service unavailable: posts served without media objects", { err });
  }
  return views.map((v) => ({ ...v, media: v.mediaIds.flatMap((id) => byId.get(id) ?? []) }));
}

/** One post (or comment) view with its media objects. */
export async function withOnePostMedia<P extends Pick<PostView, "mediaIds">>(
  ctx: ServiceContext,
  view: P,
): Promise<P & { media: PostMediaView[] }> {
  return (await withPostMedia(ctx, [view]))[0] as P & { media: PostMediaView[] };
}
