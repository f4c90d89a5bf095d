import { pgArray } from "../db/document-writes.ts";
import type { PostHit } from "../db/post-search-queries.ts";
import type { UserHit } from "../db/user-search-queries.ts";

/** A person as a search result: enough for a client to render at once. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  /** media-service id of the avatar; the URL is `/api/v1/media/{id}` on the gateway, null when none. */
  avatarMediaId: string | null;
  avatarUrl: string | null;
  private: boolean;
}

/** A post or comment as a search result; `snippet` is HTML-escaped text with `<mark>` around matches. */
export interface PostView {
  id: string;
  kind: "post" | "comment";
  postId: string;
  author: { id: string; username: string | null; displayName: string | null; avatarUrl: string | null };
  snippet: string;
  hashtags: string[];
  createdAt: string;
  counts: { likes: number; comments: number; reposts: number };
}

const avatarUrl = (id: string | null | undefined) => (id ? `/api/v1/media/${id}` : null);

export function toUserView(r: UserHit): UserView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    avatarMediaId: r.avatar_media_id || null,
    avatarUrl: avatarUrl(r.avatar_media_id),
    private: Boolean(r.private),
  };
}

export function toPostView(r: PostHit): PostView {
  return {
    id: r.id,
    kind: r.kind,
    postId: r.post_id,
    author: {
      id: r.author_id,
      username: r.username,
      displayName: r.display_name,
      avatarUrl: avatarUrl(r.avatar_media_id),
    },
    snippet: r.snippet,
    hashtags: pgArray(r.hashtags as string[] | string),
    createdAt: new Date(r.created_at).toISOString(),
    counts: { likes: Number(r.likes), comments: Number(r.comments), reposts: Number(r.reposts) },
  };
}
