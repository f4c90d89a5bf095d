import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { type SearchPost, SearchPostSchema, type SearchUser, SearchUserSchema } from "@nova/proto/search/v1";
import type { PostView, UserView } from "../domain/result-views.ts";

/** A person result on the wire (nulls become empty strings). */
export function toSearchUser(v: UserView): SearchUser {
  return create(SearchUserSchema, {
    id: v.id,
    username: v.username,
    displayName: v.displayName,
    avatarMediaId: v.avatarMediaId ?? "",
    avatarUrl: v.avatarUrl ?? "",
    privateAccount: v.private,
  });
}

/** A post or comment result on the wire. */
export function toSearchPost(v: PostView): SearchPost {
  return create(SearchPostSchema, {
    id: v.id,
    kind: v.kind,
    postId: v.postId,
    authorId: v.author.id,
    authorUsername: v.author.username ?? "",
    authorDisplayName: v.author.displayName ?? "",
    authorAvatarUrl: v.author.avatarUrl ?? "",
    snippet: v.snippet,
    hashtags: v.hashtags,
    createdAt: timestampFromDate(new Date(v.createdAt)),
    likes: BigInt(v.counts.likes),
    comments: BigInt(v.counts.comments),
    reposts: BigInt(v.counts.reposts),
  });
}

/** proto3 has no "unset" for scalars: 0 and "" mean "not given" (the verbs' defaults apply). */
export const given = <T extends string | number>(v: T): T | undefined => (v ? v : undefined);
