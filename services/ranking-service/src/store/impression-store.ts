/** Kinds of feedback; every kind but "hide" counts as engagement in evaluation. */
export const FEEDBACK_KINDS = ["click", "like", "comment", "repost", "hide"] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** One ranked post shown to a viewer. */
export interface ImpressionRecord {
  rankingId: string;
  viewerId: string;
  postId: string;
  authorId: string;
  position: number;
  score: number;
  modelVersion: string;
  /** The model's inputs by name, so other versions can rescore offline. */
  features: Record<string, number>;
  shownAt: Date;
}

/** What a viewer did with a post. */
export interface FeedbackRecord {
  viewerId: string;
  postId: string;
  kind: FeedbackKind;
  at: Date;
}

/** An impression with its label: did the viewer engage with the post (any kind but hide)? */
export interface LabelledImpression extends ImpressionRecord {
  engaged: boolean;
}

export interface LabelledQuery {
  /** Only impressions shown at or after this time. */
  since?: Date;
  /** Only these viewers (tests and per-cohort reports). */
  viewerIds?: readonly string[];
  limit: number;
}

/**
 * The analytics store of ranking: impressions and feedback, read back joined for offline
 * evaluation. ClickHouse in production (CLICKHOUSE_URL), PostgreSQL tables otherwise. Writes are
 * idempotent: logging the same impression or feedback twice keeps one.
 */
export interface ImpressionStore {
  readonly kind: "postgres" | "clickhouse";
  recordImpressions(rows: readonly ImpressionRecord[]): Promise<void>;
  recordFeedback(rows: readonly FeedbackRecord[]): Promise<void>;
  /** Impressions with labels, oldest first (by shown time, then ranking, then position). */
  listLabelled(query: LabelledQuery): Promise<LabelledImpression[]>;
  /** The feedback an account gave, oldest first (at most `limit` rows): its data export. */
  feedbackOf(viewerId: string, limit: number): Promise<FeedbackRecord[]>;
  /**
   * Deletes everything about an account: the impressions shown to it, impressions of its posts
   * shown to others (author), and its feedback. Idempotent.
   */
  eraseAccount(accountId: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
