/** What moderation sees of a post about to be published. */
export interface ModerationCandidate {
  postId: string;
  authorId: string;
  text: string;
  mediaIds: readonly string[];
  contentWarning: string | null;
}

/** publish: go ahead; reject: refuse to publish (the author gets 422-style FailedPrecondition). */
export type ModerationDecision = { action: "publish" } | { action: "reject"; reason: string };

/**
 * The hook trust-safety-service will implement, called before a post is published (immediately or
 * when a scheduled post comes due). It must answer quickly; a later verdict ("this published post
 * violates policy") is applied asynchronously through the hidePost verb, which emits PostHidden.
 */
export interface ModerationHook {
  review(candidate: ModerationCandidate): Promise<ModerationDecision>;
}

/** The default until trust-safety exists: every post publishes. */
export const ALLOW_ALL: ModerationHook = {
  review: async () => ({ action: "publish" }),
};
