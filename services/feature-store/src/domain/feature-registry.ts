import { InvalidArgumentError } from "@nova/errors";
import { decayedValue } from "./decayed-score.ts";
import type { EntityState } from "./entity-state.ts";
import type { EntityType } from "./entity-types.ts";
import { SOURCE_EVENTS as E } from "./source-event-types.ts";
import { DAY_MS, HOUR_MS, MINUTE_MS, windowSum } from "./time-buckets.ts";

/** A number, or weighted terms (hashtag → interest). */
export type FeatureValue = number | Readonly<Record<string, number>>;

/** One feature: what it describes, how fresh it must be, what changes it, what it is when unknown. */
export interface FeatureDefinition {
  readonly entityType: EntityType;
  readonly name: string;
  readonly valueType: "number" | "weights";
  readonly description: string;
  /** A value whose entity was last updated longer ago than this is stale → default. 0 = never. */
  readonly ttlMs: number;
  readonly sourceEvents: readonly string[];
  readonly defaultValue: FeatureValue;
  /** Derives the value from the entity's state at `now` (windows and decays depend on it). */
  readonly compute: (state: EntityState, now: number) => FeatureValue | undefined;
}

/** Engagement buckets of a post are 5 minutes wide: the 1 h window is exact to 5 minutes. */
export const ENGAGEMENT_BUCKET_MS = 5 * MINUTE_MS;
export const POST_BUCKET_MS = HOUR_MS;
export const AFFINITY_HALF_LIFE_MS = 7 * DAY_MS;
export const INTEREST_HALF_LIFE_MS = 14 * DAY_MS;
/**
 * Weights of an interaction in affinity and hashtag interest: a repost says more than a like. A
 * profile visit (affinity only) weighs half a like: it shows curiosity, not approval — one opens a
 * profile to see who someone is, sometimes to decide against them. user-service announces at most
 * one visit per pair an hour, so reloading a profile adds nothing.
 */
export const INTERACTION_WEIGHTS = { like: 1, comment: 2, repost: 3, post: 1, visit: 0.5 } as const;
/** How many hashtags a user's interest keeps (the strongest). */
export const MAX_INTERESTS = 20;

const ENGAGEMENT = [
  E.likeCreated,
  E.likeDeleted,
  E.commentCreated,
  E.commentDeleted,
  E.repostCreated,
  E.repostDeleted,
];
const FOREVER = 0;

const engagementWindow = (windowMs: number) => (s: EntityState, now: number) =>
  s.engagement ? windowSum(s.engagement, now, windowMs, ENGAGEMENT_BUCKET_MS) : undefined;

const count = (n: number | undefined) => (n === undefined ? undefined : Math.max(0, n));

function decayedInterests(s: EntityState, now: number): Record<string, number> | undefined {
  if (!s.interests) return undefined;
  const out: Record<string, number> = {};
  for (const [tag, score] of Object.entries(s.interests)) {
    const v = decayedValue(score, now, INTEREST_HALF_LIFE_MS);
    if (v > 1e-6) out[tag] = Math.round(v * 1e6) / 1e6;
  }
  return out;
}

/** Every feature the store serves. Adding one here is all it takes to serve it (if its state exists). */
export const FEATURES: readonly FeatureDefinition[] = [
  {
    entityType: "post",
    name: "like_count",
    valueType: "number",
    description: "Live likes of the post.",
    ttlMs: FOREVER,
    sourceEvents: [E.likeCreated, E.likeDeleted],
    defaultValue: 0,
    compute: (s) => count(s.likes),
  },
  {
    entityType: "post",
    name: "comment_count",
    valueType: "number",
    description: "Live comments on the post.",
    ttlMs: FOREVER,
    sourceEvents: [E.commentCreated, E.commentDeleted],
    defaultValue: 0,
    compute: (s) => count(s.comments),
  },
  {
    entityType: "post",
    name: "repost_count",
    valueType: "number",
    description: "Live reposts of the post.",
    ttlMs: FOREVER,
    sourceEvents: [E.repostCreated, E.repostDeleted],
    defaultValue: 0,
    compute: (s) => count(s.reposts),
  },
  ...(
    [
      ["engagement_1h", HOUR_MS],
      ["engagement_24h", DAY_MS],
      ["engagement_7d", 7 * DAY_MS],
    ] as const
  ).map(
    ([name, windowMs]): FeatureDefinition => ({
      entityType: "post",
      name,
      valueType: "number",
      description: `Likes + comments + reposts in the last ${name.slice("engagement_".length)} (5-minute buckets; removals subtract).`,
      ttlMs: FOREVER,
      sourceEvents: ENGAGEMENT,
      defaultValue: 0,
      compute: engagementWindow(windowMs),
    }),
  ),
  {
    entityType: "post",
    name: "engagement_velocity",
    valueType: "number",
    description:
      "Engagements per hour over the last 24 h, or since publication when younger (at least one hour counted).",
    ttlMs: FOREVER,
    sourceEvents: [...ENGAGEMENT, E.postCreated],
    defaultValue: 0,
    compute: (s, now) => {
      if (!s.engagement) return undefined;
      const recent = windowSum(s.engagement, now, DAY_MS, ENGAGEMENT_BUCKET_MS);
      const ageHours = s.publishedAt === undefined ? 24 : (now - s.publishedAt) / HOUR_MS;
      return recent / Math.min(24, Math.max(1, ageHours));
    },
  },
  {
    entityType: "post",
    name: "age_seconds",
    valueType: "number",
    description: "Seconds since the post was published; -1 when unknown.",
    ttlMs: FOREVER,
    sourceEvents: [E.postCreated],
    defaultValue: -1,
    compute: (s, now) =>
      s.publishedAt === undefined ? undefined : Math.max(0, (now - s.publishedAt) / 1000),
  },
  {
    entityType: "post",
    name: "is_deleted",
    valueType: "number",
    description: "1 once the post was deleted or hidden by moderation, else 0.",
    ttlMs: FOREVER,
    sourceEvents: [E.postDeleted, E.postHidden],
    defaultValue: 0,
    compute: (s) => (s.deleted ? 1 : s.publishedAt === undefined ? undefined : 0),
  },
  {
    entityType: "author",
    name: "follower_count",
    valueType: "number",
    description: "Accounts following the author.",
    ttlMs: FOREVER,
    sourceEvents: [E.followCreated, E.followDeleted],
    defaultValue: 0,
    compute: (s) => count(s.followers),
  },
  {
    entityType: "author",
    name: "post_count",
    valueType: "number",
    description: "Live posts of the author (deleted and hidden ones subtracted).",
    ttlMs: FOREVER,
    sourceEvents: [E.postCreated, E.postDeleted, E.postHidden],
    defaultValue: 0,
    compute: (s) => count(s.posts),
  },
  {
    entityType: "author",
    name: "posts_24h",
    valueType: "number",
    description: "Posts published in the last 24 hours (hour buckets).",
    ttlMs: FOREVER,
    sourceEvents: [E.postCreated],
    defaultValue: 0,
    compute: (s, now) => (s.postBuckets ? windowSum(s.postBuckets, now, DAY_MS, HOUR_MS) : undefined),
  },
  {
    entityType: "author",
    name: "post_rate_7d",
    valueType: "number",
    description: "Posts per day over the last 7 days.",
    ttlMs: FOREVER,
    sourceEvents: [E.postCreated],
    defaultValue: 0,
    compute: (s, now) => (s.postBuckets ? windowSum(s.postBuckets, now, 7 * DAY_MS, HOUR_MS) / 7 : undefined),
  },
  {
    entityType: "user",
    name: "following_count",
    valueType: "number",
    description: "Accounts the user follows.",
    ttlMs: FOREVER,
    sourceEvents: [E.followCreated, E.followDeleted],
    defaultValue: 0,
    compute: (s) => count(s.following),
  },
  {
    entityType: "user",
    name: "hashtag_interests",
    valueType: "weights",
    description: `Hashtag → interest from the user's posts (${INTERACTION_WEIGHTS.post}), likes (${INTERACTION_WEIGHTS.like}), comments (${INTERACTION_WEIGHTS.comment}) and reposts (${INTERACTION_WEIGHTS.repost}); half-life 14 days, strongest ${MAX_INTERESTS}.`,
    ttlMs: 90 * DAY_MS,
    sourceEvents: [E.postCreated, E.likeCreated, E.commentCreated, E.repostCreated],
    defaultValue: {},
    compute: decayedInterests,
  },
  {
    entityType: "user_author",
    name: "affinity",
    valueType: "number",
    description: `How much the user engages with the author: likes ${INTERACTION_WEIGHTS.like}, comments ${INTERACTION_WEIGHTS.comment}, reposts ${INTERACTION_WEIGHTS.repost}, profile visits ${INTERACTION_WEIGHTS.visit} (at most one an hour); half-life 7 days.`,
    ttlMs: 90 * DAY_MS,
    sourceEvents: [...ENGAGEMENT, E.profileViewed],
    defaultValue: 0,
    compute: (s, now) => (s.affinity ? decayedValue(s.affinity, now, AFFINITY_HALF_LIFE_MS) : undefined),
  },
  ...(["likes", "comments", "reposts"] as const).map(
    (kind): FeatureDefinition => ({
      entityType: "user_author",
      name: `${kind.slice(0, -1)}_count`,
      valueType: "number",
      description: `Live ${kind} of the user on the author's posts.`,
      ttlMs: FOREVER,
      sourceEvents: ENGAGEMENT,
      defaultValue: 0,
      compute: (s) => count(s[kind]),
    }),
  ),
  {
    entityType: "user_author",
    name: "follows",
    valueType: "number",
    description: "1 when the user follows the author, else 0.",
    ttlMs: FOREVER,
    sourceEvents: [E.followCreated, E.followDeleted],
    defaultValue: 0,
    compute: (s) => (s.follows === undefined ? undefined : s.follows ? 1 : 0),
  },
];

/** The features of one entity type, in registry order. */
export function featuresOf(entityType: EntityType): FeatureDefinition[] {
  return FEATURES.filter((f) => f.entityType === entityType);
}

/**
 * Resolves requested names (empty = all of the entity type) to definitions, in request order.
 * An unknown name is the caller's error, named in the message.
 */
export function resolveFeatures(entityType: EntityType, names: readonly string[]): FeatureDefinition[] {
  const available = featuresOf(entityType);
  if (names.length === 0) return available;
  const unknown = names.filter((n) => !available.some((f) => f.name === n));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`unknown ${entityType} feature(s): ${unknown.join(", ")}`, [
      { field: "feature_names", message: `not in the registry for ${entityType}: ${unknown.join(", ")}` },
    ]);
  }
  return names.map((n) => available.find((f) => f.name === n) as FeatureDefinition);
}
