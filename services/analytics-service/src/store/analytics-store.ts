import type { EventRow } from "./event-row.ts";

export type Granularity = "day" | "week" | "month";

/** A half-open instant range [from, to) and the IANA time zone days/weeks/months are cut in. */
export interface ZonedRange {
  readonly from: Date;
  readonly to: Date;
  readonly timeZone: string;
}

export interface Bucket {
  /** The bucket's first day in the time zone, `YYYY-MM-DD` (weeks start on Monday). */
  readonly start: string;
  readonly activeUsers: number;
}

export interface MetricDay {
  readonly day: string;
  readonly name: string;
  readonly surface: string;
  readonly count: number;
}

export interface SubjectDay {
  readonly subjectId: string;
  readonly day: string;
  readonly name: string;
  readonly count: number;
}

export interface CohortRow {
  /** Monday of the signup week, `YYYY-MM-DD`. */
  readonly cohort: string;
  /** Weeks since the signup week (0 = the signup week itself). */
  readonly week: number;
  readonly accounts: number;
}

export interface FunnelQuery extends ZonedRange {
  readonly steps: readonly string[];
  readonly windowMs: number;
}

/**
 * Where analytics keeps its events and rollups: PostgreSQL tables (the embedded default) or
 * ClickHouse (`CLICKHOUSE_URL`). Both pass one contract suite (src/testing/analytics-store-contract.ts).
 * Every read comes from the hourly rollups except `funnel` (ordered steps need the raw events of
 * the step names in the range).
 */
export interface AnalyticsStore {
  readonly kind: "postgres" | "clickhouse";
  /** Stores the rows whose id is new (dedup by id, also within the batch); returns how many were new. */
  insert(rows: readonly EventRow[]): Promise<number>;
  /** Distinct active accounts per bucket. */
  activeUsers(range: ZonedRange, granularity: Granularity): Promise<Bucket[]>;
  /** Distinct active accounts over the whole range. */
  distinctActive(range: ZonedRange): Promise<number>;
  /** Event counts per day, name and surface for the given names. */
  metricsByDay(range: ZonedRange, names: readonly string[]): Promise<MetricDay[]>;
  /** Per-subject counts per day (posts: impressions/opens/likes/…; accounts: follow/unfollow). */
  subjectsByDay(
    range: ZonedRange,
    subjectIds: readonly string[],
    names: readonly string[],
  ): Promise<SubjectDay[]>;
  /** Ids of the posts `authorId` published (from the `post` domain events). */
  postsOf(authorId: string): Promise<string[]>;
  /** Signup-week cohorts and how many of each were active in each later week, cohorts starting in range. */
  retention(range: ZonedRange, weeks: number): Promise<{ sizes: Map<string, number>; rows: CohortRow[] }>;
  /** How many actors (account, or anonymous device) reached each step, in order, within the window. */
  funnel(query: FunnelQuery): Promise<number[]>;
  /**
   * Removes the account's events (as actor or as target) and its share of every rollup; returns raw
   * rows removed. Idempotent, and restartable: a call after a crash mid-way completes the erasure.
   */
  eraseAccount(accountId: string): Promise<number>;
  /** Completes erasures a crash interrupted (run when the store opens; PostgreSQL's are one transaction: 0). */
  resumeErasures(): Promise<number>;
  /** The account's raw events for its export. */
  eventsOf(accountId: string, limit: number): Promise<EventRow[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
