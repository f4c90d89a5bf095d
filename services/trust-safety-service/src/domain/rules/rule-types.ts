/** The automated rules, each with a configurable action (TS_RULE_ACTIONS). */
export const RULE_NAMES = [
  "blocked_phrase",
  "profanity",
  "blocked_domain",
  "velocity",
  "near_duplicate",
  "mention_flood",
  "hashtag_flood",
  "new_account_links",
  "blocked_media",
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export type RuleAction = "label" | "hold" | "reject";
export type Decision = "allow" | RuleAction;

/** What a write looks like to the rules. */
export interface CheckInput {
  accountId: string;
  subjectType: string;
  subjectId: string;
  text: string;
  language?: string;
  accountCreatedAt?: Date;
}

/** One rule that fired: its name, the label it implies, and what it saw. */
export interface RuleHit {
  rule: RuleName;
  label: string;
  detail: string;
}

export interface CheckReasonView {
  rule: RuleName;
  action: RuleAction;
  detail: string;
}

export interface CheckOutcome {
  decision: Decision;
  labels: string[];
  reasonCode: string;
  reasons: CheckReasonView[];
}

const RANK: Record<Decision, number> = { allow: 0, label: 1, hold: 2, reject: 3 };

/** The stronger of two decisions. */
export const stronger = (a: Decision, b: Decision): Decision => (RANK[b] > RANK[a] ? b : a);
