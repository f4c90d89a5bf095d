import type { MediaVariant } from "@nova/proto/media/v1";
import { toDomainError } from "@nova/rpc";
import type { ServiceContext } from "../context.ts";
import type { ProfileView } from "./profile-view.ts";

/** An avatar or banner as profile views show it (URLs signed by media-service; they expire). */
export interface ProfileImage {
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

/**
 * A profile view with `avatar` and `banner` (null when unset or unavailable): one BatchGetMedia.
 * When media-service cannot answer the profile is still served, with the ids only.
 */
export async function withProfileMedia(
  ctx: ServiceContext,
  view: ProfileView,
): Promise<ProfileView & { avatar: ProfileImage | null; banner: ProfileImage | null }> {
  const ids = [view.avatarMediaId, view.bannerMediaId].filter((x): x is string => !!x);
  const byId = new Map<string, ProfileImage>();
  if (ids.length > 0) {
    try {
      for (const m of (await ctx.media.batchGetMedia({ ids })).media) {
        const main = pick(m.variants, m.id === view.bannerMediaId ? "large" : "small");
        byId.set(m.id, {
          url: main?.url ?? "",
          width: main?.width ?? m.width,
          height: main?.height ?? m.height,
          blurhash: m.blurhash || null,
          alt: m.alt,
          variants: m.variants.map((v) => ({ name: v.name, url: v.url, width: v.width, height: v.height })),
        });
      }
    } catch (err) {
      ctx.log.warn("media-service unavailable: profile served without avatar/banner URLs", { err });
    }
  }
  return {
    ...view,
    avatar: (view.avatarMediaId && byId.get(view.avatarMediaId)) || null,
    banner: (view.bannerMediaId && byId.get(view.bannerMediaId)) || null,
  };
}
