import { InvalidArgumentError } from "@nova/errors";
import type { TimelineEntry } from "./timeline-store.ts";

/** Position after the last entry of a page: its time, then its member for ties at the same millisecond. */
export interface TimelinePosition {
  at: number;
  key: string;
}

/** Newest first; ties by the larger `<author>:<post>` key first, as the sorted set orders them. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  if (a.at !== b.at) return b.at - a.at;
  const ka = `${a.authorId}:${a.postId}`;
  const kb = `${b.authorId}:${b.postId}`;
  return ka === kb ? 0 : ka < kb ? 1 : -1;
}

/** Whether `e` comes strictly after the position (so it belongs to the next page). */
export function isAfter(e: TimelineEntry, pos: TimelinePosition | undefined): boolean {
  if (!pos) return true;
  if (e.at !== pos.at) return e.at < pos.at;
  return `${e.authorId}:${e.postId}` < pos.key;
}

export function encodeCursor(e: TimelineEntry): string {
  return Buffer.from(JSON.stringify({ at: e.at, key: `${e.authorId}:${e.postId}` })).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): TimelinePosition | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<TimelinePosition>;
    if (typeof v.at === "number" && Number.isFinite(v.at) && typeof v.key === "string")
      return { at: v.at, key: v.key };
  } catch {
    // falls through to the typed error
  }
  throw new InvalidArgumentError("invalid cursor", [
    { field: "cursor", message: "is not a cursor this timeline issued" },
  ]);
}
