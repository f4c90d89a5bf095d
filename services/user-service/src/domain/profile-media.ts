import type { Media, MediaVariant } from "@nova/proto/media/v1";
import { toDomainError } from "@nova/rpc";
import type { ServiceContext } from "../context.ts";
import type { ProfileView } from "./profile-view.ts";

/** An avatar or banner as profile views show it (URLs signed by media-service; they expire). */
export interface ProfileImage {
  mediaId: string;
  url: string;
  width: number;
  height: number;
  blurhash: string | null;
  alt: string;
  variants: Array<{ name: string; url: string; width: number; height: number }>;
}

/**
 * Attaches a new avatar/banner through media-service (the account's own, ready, one image — else
 * 422 naming the id; nothing changes), or releases the old one when cleared. Only for the fields
 * the patch names.
 */
export async function attachProfileMedia(
  ctx: ServiceContext,
  accountId: string,
  patch: { avatarMediaId?: string | null | undefined; bannerMediaId?: string | null | undefined },
): Promise<void> {
  for (const [field, kind] of [
    ["avatarMediaId", "avatar"],
    ["bannerMediaId", "banner"],
  ] as const) {
    if (!(field in patch) || patch[field] === undefined) continue;
    const id = patch[field];
    try {
      await ctx.media.attachMedia({
        ownerId: accountId,
        subject: `${kind}:${accountId}`,
        mediaIds: id ? [id] : [],
      });
    } catch (err) {
      throw toDomainError(err, "media-service");
    }
  }
}

const pick = (variants: MediaVariant[], name: string) => variants.find((v) => v.name === name) ?? variants[0];

/** BatchGetMedia takes at most 100 ids: two per profile. */
const PROFILES_PER_CALL = 50;

function toImage(m: Media | undefined, size: "small" | "large"): ProfileImage | null {
  if (!m) return null;
  const main = pick(m.variants, size);
  return {
    mediaId: m.id,
    url: main?.url ?? "",
    width: main?.width ?? m.width,
    height: main?.height ?? m.height,
    blurhash: m.blurhash || null,
    alt: m.alt,
    variants: m.variants.map((v) => ({ name: v.name, url: v.url, width: v.width, height: v.height })),
  };
}

export type ProfileViewWithMedia = ProfileView & { avatar: ProfileImage | null; banner: ProfileImage | null };

/**
 * Profile views with `avatar` (small size) and `banner` (large) — null when unset or unavailable —
 * from one BatchGetMedia per 50 profiles. When media-service cannot answer, the profiles are still
 * served, with the ids only.
 */
export async function withProfilesMedia(
  ctx: ServiceContext,
  views: readonly ProfileView[],
): Promise<ProfileViewWithMedia[]> {
  const byId = new Map<string, Media>();
  try {
    for (let i = 0; i < views.length; i += PROFILES_PER_CALL) {
      const ids = views
        .slice(i, i + PROFILES_PER_CALL)
        .flatMap((v) => [v.avatarMediaId, v.bannerMediaId])
        .filter((x): x is string => !!x);
      if (ids.length === 0) continue;
      for (const m of (await ctx.media.batchGetMedia({ ids })).media) byId.set(m.id, m);
    }
  } catch (err) {
    ctx.log.warn("media-service unavailable: profiles served without avatar/banner URLs", { err });
  }
  return views.map((view) => ({
    ...view,
    avatar: toImage(view.avatarMediaId ? byId.get(view.avatarMediaId) : undefined, "small"),
    banner: toImage(view.bannerMediaId ? byId.get(view.bannerMediaId) : undefined, "large"),
  }));
}

/** One profile view with `avatar` and `banner` (see withProfilesMedia). */
export async function withProfileMedia(
  ctx: ServiceContext,
  view: ProfileView,
): Promise<ProfileViewWithMedia> {
  return (await withProfilesMedia(ctx, [view]))[0] as ProfileViewWithMedia;
}
