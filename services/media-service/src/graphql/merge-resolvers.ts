import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { listAttachedTo } from "../db/media-queries.ts";
import { parseMediaId } from "../domain/media-input.ts";
import { type MediaView, toMediaView } from "../domain/media-view.ts";

/**
 * The media attached to each subject `<kind>:<id>` (posts, comments, avatars, banners), in attach
 * order, for a page of ids in one query: what the gateway's batched merge resolvers call.
 */
async function mediaBySubject(
  ctx: ServiceContext,
  kinds: readonly string[],
  rawIds: readonly string[],
): Promise<{ ids: string[]; media: (kind: string, id: string) => MediaView[] }> {
  if (rawIds.length > 500) throw new InvalidArgumentError("at most 500 ids");
  const ids = rawIds.map((id) => parseMediaId(id, "ids"));
  const rows = await listAttachedTo(
    ctx.db.db,
    kinds.flatMap((kind) => ids.map((id) => `${kind}:${id}`)),
  );
  const bySubject = new Map<string, MediaView[]>();
  for (const row of rows) {
    const subject = row.attachedTo as string;
    const list = bySubject.get(subject) ?? [];
    list.push(await toMediaView(ctx, row));
    bySubject.set(subject, list);
  }
  return { ids, media: (kind, id) => bySubject.get(`${kind}:${id}`) ?? [] };
}

/** `_postsMedia`, `_commentsMedia`, `_usersMedia`: Post.media, Comment.media, User.avatar/banner. */
export function mergeResolvers(ctx: ServiceContext) {
  return {
    _postsMedia: async (_: unknown, args: { ids: string[] }) => {
      const found = await mediaBySubject(ctx, ["post"], args.ids);
      return found.ids.map((id) => ({ id, media: found.media("post", id) }));
    },
    _commentsMedia: async (_: unknown, args: { ids: string[] }) => {
      const found = await mediaBySubject(ctx, ["comment"], args.ids);
      return found.ids.map((id) => ({ id, media: found.media("comment", id) }));
    },
    _usersMedia: async (_: unknown, args: { ids: string[] }) => {
      const found = await mediaBySubject(ctx, ["avatar", "banner"], args.ids);
      return found.ids.map((id) => ({
        id,
        avatar: found.media("avatar", id)[0] ?? null,
        banner: found.media("banner", id)[0] ?? null,
      }));
    },
  };
}
