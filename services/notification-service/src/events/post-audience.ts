import type { ServiceContext } from "../context.ts";

/** Who may see a post, as content's PostCreated said; kept a week for the mentions that follow it. */
export interface PostAudience {
  authorId: string;
  visibility: "public" | "followers" | "mentioned";
  mentioned: string[];
}

const key = (postId: string) => `notification:v1:post-audience:${postId}`;
const TTL_MS = 7 * 24 * 3_600_000;

export const rememberAudience = (ctx: ServiceContext, postId: string, audience: PostAudience) =>
  ctx.cache.set(key(postId), audience, { ttlMs: TTL_MS });

export const recallAudience = (ctx: ServiceContext, postId: string) =>
  ctx.cache.get<PostAudience>(key(postId)).catch(() => undefined);

export const forgetAudience = (ctx: ServiceContext, postId: string) =>
  ctx.cache.delete(key(postId)).catch(() => 0);
