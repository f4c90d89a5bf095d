/** One stored event, client or domain. `postId`/`targetAccountId` name what it is about. */
export interface EventRow {
  /** Client events: the client's uuid; domain events: the envelope's event id. The dedup key. */
  readonly id: string;
  readonly name: string;
  /** The acting account; null for anonymous client events. */
  readonly accountId: string | null;
  /** Anonymous client events only (signed-in events carry the account, not the device). */
  readonly deviceId: string | null;
  readonly sessionId: string | null;
  readonly occurredAt: Date;
  readonly postId: string | null;
  /** The account acted on: the followee of a follow, the profile of a profile_view. */
  readonly targetAccountId: string | null;
  readonly surface: string | null;
  readonly source: "client" | "domain";
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Names whose rows count per subject (a post) in the creator rollup. */
export const POST_SUBJECT_NAMES = ["post_impression", "post_open", "like", "comment", "repost"] as const;
/** Names whose rows count per followed account in the creator rollup. */
export const ACCOUNT_SUBJECT_NAMES = ["follow", "unfollow"] as const;

/** Start of the UTC hour holding `d` (the active-hours rollup). */
export function hourOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

/** Start of the 15-minute UTC bucket holding `d` (the count rollups: aligned with every zone's midnight). */
export function quarterOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 900_000) * 900_000);
}

/** The subject a row counts for in the creator rollup, if any. */
export function subjectOf(row: Pick<EventRow, "name" | "postId" | "targetAccountId">): string | null {
  if ((POST_SUBJECT_NAMES as readonly string[]).includes(row.name)) return row.postId;
  if ((ACCOUNT_SUBJECT_NAMES as readonly string[]).includes(row.name)) return row.targetAccountId;
  return null;
}

export interface RollupDeltas {
  active: { hour: Date; accountId: string }[];
  metrics: { quarter: Date; name: string; surface: string; count: number }[];
  subjects: { subjectId: string; name: string; quarter: Date; count: number }[];
}

/** What `rows` add to the rollups (sign -1: what removing them takes away). */
export function rollupDeltas(
  rows: readonly Pick<
    EventRow,
    "name" | "accountId" | "occurredAt" | "postId" | "targetAccountId" | "surface"
  >[],
  sign: 1 | -1 = 1,
): RollupDeltas {
  const active = new Map<string, { hour: Date; accountId: string }>();
  const metrics = new Map<string, { quarter: Date; name: string; surface: string; count: number }>();
  const subjects = new Map<string, { subjectId: string; name: string; quarter: Date; count: number }>();
  for (const r of rows) {
    const hour = hourOf(r.occurredAt);
    const quarter = quarterOf(r.occurredAt);
    if (r.accountId) active.set(`${hour.getTime()}|${r.accountId}`, { hour, accountId: r.accountId });
    const surface = r.surface ?? "";
    const mk = `${quarter.getTime()}|${r.name}|${surface}`;
    const m = metrics.get(mk) ?? { quarter, name: r.name, surface, count: 0 };
    m.count += sign;
    metrics.set(mk, m);
    const subjectId = subjectOf(r);
    if (subjectId) {
      const sk = `${subjectId}|${r.name}|${quarter.getTime()}`;
      const s = subjects.get(sk) ?? { subjectId, name: r.name, quarter, count: 0 };
      s.count += sign;
      subjects.set(sk, s);
    }
  }
  return { active: [...active.values()], metrics: [...metrics.values()], subjects: [...subjects.values()] };
}
