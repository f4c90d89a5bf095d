import { UnprocessableContentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import type { PostRow } from "../db/schema/index.ts";
import type { ModerationDecision } from "./moderation-hook.ts";

/** The post (or comment) columns a moderation decision sets. */
export interface ModerationEffect {
  moderationLabels: string[];
  moderationPending: boolean;
  hiddenAt?: Date;
  hiddenReason?: string;
}

/** A held post is stored hidden (the author sees it and why) until a moderator decides. */
export const HELD_PREFIX = "held for review";
/** A published comment the re-check held (already announced, so its release is a restore). */
export const HELD_ON_RECHECK = `${HELD_PREFIX} on re-check`;

/**
 * What a decision does to a post (or a comment); a rejection throws 422 with the reason code and
 * changes nothing.
 */
export function moderationEffect(
  decision: ModerationDecision,
  now: Date,
  what: "post" | "comment" = "post",
): ModerationEffect {
  if (decision.action === "reject")
    throw new UnprocessableContentError(
      `the ${what} cannot be published: ${decision.reason}`,
      decision.reasonCode ?? "rejected",
    );
  if (decision.action === "hold")
    return {
      moderationLabels: [],
      moderationPending: false,
      hiddenAt: now,
      hiddenReason: `${HELD_PREFIX}: ${decision.reason}`,
    };
  return { moderationLabels: [...(decision.labels ?? [])], moderationPending: decision.recheck === true };
}

/**
 * A moderator's label action on a post or a comment: active → its labels added to the stored ones
 * (once each); lifted → those labels removed (a Check label of the same name goes with them).
 */
export function labelsAfter(current: readonly string[], e: { active: boolean; labels: readonly string[] }) {
  return e.active ? [...new Set([...current, ...e.labels])] : current.filter((l) => !e.labels.includes(l));
}

/** Runs the moderation hook on a post about to be published; returns the columns to store with it. */
export async function moderate(
  ctx: ServiceContext,
  post: Pick<PostRow, "id" | "authorId" | "text" | "mediaIds" | "contentWarning">,
  kind: "post" | "post_edit" = "post",
): Promise<ModerationEffect> {
  const decision = await ctx.moderation.review({
    postId: post.id,
    authorId: post.authorId,
    text: post.text,
    mediaIds: post.mediaIds,
    contentWarning: post.contentWarning,
    kind,
  });
  return moderationEffect(decision, ctx.clock());
}
