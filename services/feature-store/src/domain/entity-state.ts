import type { DecayedScore } from "./decayed-score.ts";
import type { Buckets } from "./time-buckets.ts";

/** Materialised state of a post (counters, engagement buckets, what PostCreated told us). */
export interface PostState {
  authorId?: string;
  publishedAt?: number;
  hashtags?: readonly string[];
  deleted?: boolean;
  likes?: number;
  comments?: number;
  reposts?: number;
  /** Likes + comments + reposts per 5-minute bucket, last 7 days. */
  engagement?: Buckets;
}

/** Materialised state of an author. */
export interface AuthorState {
  followers?: number;
  posts?: number;
  /** Posts published per hour bucket, last 7 days. */
  postBuckets?: Buckets;
}

/** Materialised state of a viewer. */
export interface UserState {
  following?: number;
  /** Hashtag → decayed interest (kept to the strongest few). */
  interests?: Record<string, DecayedScore>;
}

/** Materialised state of a viewer × author pair. */
export interface UserAuthorState {
  affinity?: DecayedScore;
  likes?: number;
  comments?: number;
  reposts?: number;
  follows?: boolean;
}

/** Any entity's state, as stored (JSON). */
export type EntityState = PostState & AuthorState & UserState & UserAuthorState;

/** A state with the event time it is valid from (epoch ms) and its version (1, 2, … per entity). */
export interface StateAt {
  state: EntityState;
  validFrom: number;
  version: number;
}
