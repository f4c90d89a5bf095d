/** What moderation sees of a post (or comment) about to be published. */
export interface ModerationCandidate {
  postId: string;
  authorId: string;
  text: string;
  mediaIds: readonly string[];
  contentWarning: string | null;
  /** What is being written; default "post". */
  kind?: "post" | "post_edit" | "comment";
}

/**
 * publish: go ahead (with labels to show, and `recheck` when trust-safety could not be asked and
 * the configured fail mode publishes anyway); hold: publish to the author only until a moderator
 * reviews it; reject: refuse (422 with the reason code).
 */
export type ModerationDecision =
  | { action: "publish"; labels?: readonly string[]; recheck?: boolean }
  | { action: "hold"; reason: string; reasonCode?: string }
  | { action: "reject"; reason: string; reasonCode?: string };

/**
 * The hook trust-safety-service implements (peers/trust-safety-moderation.ts), called before a
 * post is published (immediately or when a scheduled post comes due), before an edit of a published
 * post and before a comment. A later verdict arrives as EnforcementChanged (events/apply-enforcement).
 */
export interface ModerationHook {
  review(candidate: ModerationCandidate): Promise<ModerationDecision>;
}

/** Every post publishes: for tests that are not about moderation. */
export const ALLOW_ALL: ModerationHook = {
  review: async () => ({ action: "publish" }),
};
