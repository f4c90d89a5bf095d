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

/** An opaque cursor: the fields as base64url JSON. */
export function encodeOpaqueCursor(fields: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(fields)).toString("base64url");
}

/**
 * Reads a cursor `encodeOpaqueCursor` wrote: `read` picks the fields (undefined when they are not
 * what it expects). Anything else is a 400 naming `cursor`.
 */
export function decodeOpaqueCursor<T>(
  cursor: string,
  read: (v: Record<string, unknown>) => T | undefined,
): T {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    const out = v !== null && typeof v === "object" ? read(v as Record<string, unknown>) : undefined;
    if (out !== undefined) return out;
  } catch {
    // falls through to the typed error
  }
  throw new InvalidArgumentError("invalid cursor", [
    { field: "cursor", message: "is not a cursor this timeline issued" },
  ]);
}

/** A position as the JSON fields `at` and `key`, or undefined when they are not that. */
export function positionOf(v: Record<string, unknown>): TimelinePosition | undefined {
  return typeof v.at === "number" && Number.isFinite(v.at) && typeof v.key === "string"
    ? { at: v.at, key: v.key }
    : undefined;
}

export function encodeCursor(e: TimelineEntry): string {
  return encodeOpaqueCursor({ at: e.at, key: `${e.authorId}:${e.postId}` });
}

export function decodeCursor(cursor: string | undefined): TimelinePosition | undefined {
  return cursor ? decodeOpaqueCursor(cursor, positionOf) : undefined;
}
