import { SubjectKind } from "@nova/proto/social/v1";
import type { SourceEvent } from "../events/read-source-event.ts";
import { bumpScore, decayedValue } from "./decayed-score.ts";
import type { EntityState, StateAt } from "./entity-state.ts";
import { type EntityType, userAuthorId } from "./entity-types.ts";
import {
  AFFINITY_HALF_LIFE_MS,
  ENGAGEMENT_BUCKET_MS,
  INTERACTION_WEIGHTS,
  INTEREST_HALF_LIFE_MS,
  MAX_INTERESTS,
  POST_BUCKET_MS,
} from "./feature-registry.ts";
import { addToBucket, DAY_MS } from "./time-buckets.ts";

/** One entity's new state, valid from `validFrom` (epoch ms). */
export interface StateChange extends StateAt {
  entityType: EntityType;
  entityId: string;
}

/** Reads an entity's current state (inside the caller's transaction). */
export type LoadState = (entityType: EntityType, entityId: string) => Promise<StateAt | undefined>;

type Interaction = "like" | "comment" | "repost";
const COUNTERS = { like: "likes", comment: "comments", repost: "reposts" } as const;
const KEEP_MS = 7 * DAY_MS + POST_BUCKET_MS;

/**
 * Computes the states an event changes. Pure apart from `load`: the same event on the same states
 * gives the same result, which is what makes redelivery and backfill safe. `validFrom` never goes
 * back in time per entity (an event older than the state it lands on is stamped with the state's
 * time), so a point-in-time read never sees an effect before the state that contains it.
 */
export async function materialiseEvent(
  event: SourceEvent,
  at: number,
  load: LoadState,
): Promise<StateChange[]> {
  // What each touched entity looked like when loaded: an entity only read (a duplicate follow,
  // a post already known) is not written again.
  const working = new Map<string, { change: StateChange; loaded: string }>();
  const get = async (entityType: EntityType, entityId: string): Promise<StateChange> => {
    const key = `${entityType}|${entityId}`;
    let entry = working.get(key);
    if (!entry) {
      const current = await load(entityType, entityId);
      const state = structuredClone(current?.state ?? {});
      entry = {
        change: {
          entityType,
          entityId,
          state,
          validFrom: Math.max(at, current?.validFrom ?? at),
          version: (current?.version ?? 0) + 1,
        },
        loaded: JSON.stringify(state),
      };
      working.set(key, entry);
    }
    return entry.change;
  };
  const engage = async (postId: string, delta: 1 | -1) => {
    const post = (await get("post", postId)).state;
    post.engagement = addToBucket(post.engagement ?? {}, at, delta, ENGAGEMENT_BUCKET_MS, KEEP_MS);
    return post;
  };
  const interact = async (
    userId: string,
    authorId: string | undefined,
    hashtags: readonly string[],
    kind: Interaction,
    sign: 1 | -1,
  ) => {
    const pair = await bumpAffinity(userId, authorId, sign * INTERACTION_WEIGHTS[kind]);
    if (!pair) return;
    pair[COUNTERS[kind]] = Math.max(0, (pair[COUNTERS[kind]] ?? 0) + sign);
    if (sign > 0 && hashtags.length > 0) await addInterests(userId, hashtags, INTERACTION_WEIGHTS[kind]);
  };
  /** The pair's state with `weight` added to its decayed affinity; none for oneself. */
  const bumpAffinity = async (userId: string, authorId: string | undefined, weight: number) => {
    if (!authorId || authorId === userId) return undefined; // self-engagement says nothing about taste
    const pair = (await get("user_author", userAuthorId(userId, authorId))).state;
    pair.affinity = bumpScore(pair.affinity, at, weight, AFFINITY_HALF_LIFE_MS);
    return pair;
  };
  const addInterests = async (userId: string, hashtags: readonly string[], weight: number) => {
    const user = (await get("user", userId)).state;
    const tags = { ...(user.interests ?? {}) };
    for (const tag of hashtags) tags[tag] = bumpScore(tags[tag], at, weight, INTEREST_HALF_LIFE_MS);
    user.interests = strongest(tags, at);
  };

  switch (event.kind) {
    case "post_created": {
      const post = (await get("post", event.postId)).state;
      if (post.publishedAt !== undefined) break; // already known (e.g. a replayed history)
      post.authorId = event.authorId;
      post.publishedAt = event.publishedAt ?? at;
      post.hashtags = event.hashtags;
      post.engagement ??= {};
      const author = (await get("author", event.authorId)).state;
      author.posts = (author.posts ?? 0) + 1;
      author.postBuckets = addToBucket(
        author.postBuckets ?? {},
        post.publishedAt,
        1,
        POST_BUCKET_MS,
        KEEP_MS,
      );
      if (event.hashtags.length > 0)
        await addInterests(event.authorId, event.hashtags, INTERACTION_WEIGHTS.post);
      break;
    }
    case "post_removed": {
      const post = (await get("post", event.postId)).state;
      if (post.deleted) break; // deleted, then hidden (or the other way): count it once
      post.deleted = true;
      const authorId = post.authorId ?? event.authorId;
      if (authorId) {
        const author = (await get("author", authorId)).state;
        author.posts = Math.max(0, (author.posts ?? 0) - 1);
      }
      break;
    }
    case "like_created":
    case "like_deleted": {
      // Likes of comments are not post engagement; their post's counters stay as they are.
      if (event.subjectKind !== SubjectKind.POST) break;
      const sign = event.kind === "like_created" ? 1 : -1;
      const post = await engage(event.postId, sign);
      post.likes = (post.likes ?? 0) + sign;
      const authorId = event.kind === "like_created" ? event.subjectAuthorId || post.authorId : post.authorId;
      await interact(event.accountId, authorId, post.hashtags ?? [], "like", sign);
      break;
    }
    case "comment_created":
    case "comment_deleted": {
      const sign = event.kind === "comment_created" ? 1 : -1;
      const post = await engage(event.postId, sign);
      post.comments = (post.comments ?? 0) + sign;
      await interact(
        event.authorId,
        event.postAuthorId || post.authorId,
        post.hashtags ?? [],
        "comment",
        sign,
      );
      break;
    }
    case "repost_created":
    case "repost_deleted": {
      const sign = event.kind === "repost_created" ? 1 : -1;
      const post = await engage(event.postId, sign);
      post.reposts = (post.reposts ?? 0) + sign;
      const authorId = event.kind === "repost_created" ? event.postAuthorId || post.authorId : post.authorId;
      await interact(event.accountId, authorId, post.hashtags ?? [], "repost", sign);
      break;
    }
    case "follow_created":
    case "follow_deleted": {
      const follows = event.kind === "follow_created";
      const pair = (await get("user_author", userAuthorId(event.followerId, event.followeeId))).state;
      if ((pair.follows ?? false) === follows) break; // the graph says so already
      pair.follows = follows;
      const author = (await get("author", event.followeeId)).state;
      author.followers = Math.max(0, (author.followers ?? 0) + (follows ? 1 : -1));
      const user = (await get("user", event.followerId)).state;
      user.following = Math.max(0, (user.following ?? 0) + (follows ? 1 : -1));
      break;
    }
    case "profile_viewed":
      // Affinity only: a visit is no like, comment or repost, and a profile has no hashtags.
      await bumpAffinity(event.viewerId, event.profileId, INTERACTION_WEIGHTS.visit);
      break;
  }
  return [...working.values()]
    .filter((e) => JSON.stringify(e.change.state) !== e.loaded)
    .map((e) => e.change);
}

/** Keeps the MAX_INTERESTS strongest hashtags (as of `at`). */
function strongest(
  tags: NonNullable<EntityState["interests"]>,
  at: number,
): NonNullable<EntityState["interests"]> {
  const ranked = Object.entries(tags).sort(
    ([, a], [, b]) => decayedValue(b, at, INTEREST_HALF_LIFE_MS) - decayedValue(a, at, INTEREST_HALF_LIFE_MS),
  );
  return Object.fromEntries(ranked.slice(0, MAX_INTERESTS));
}
