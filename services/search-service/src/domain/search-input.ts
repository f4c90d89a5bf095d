import { InvalidArgumentError } from "@nova/errors";
import { wordsOf } from "../db/document-writes.ts";

export const MAX_QUERY_LENGTH = 200;
const MAX_WORDS = 8;

const invalid = (field: string, message: string) =>
  new InvalidArgumentError(`${field} is invalid`, [{ field, message }]);

/** A search text: trimmed, NFC, lower-cased, 1..200 characters. */
export function parseQuery(q: string | undefined, field = "q"): string {
  const text = (q ?? "").normalize("NFC").trim().toLowerCase();
  if (text.length === 0) throw invalid(field, "required");
  if (text.length > MAX_QUERY_LENGTH) throw invalid(field, `at most ${MAX_QUERY_LENGTH} characters`);
  return text;
}

/** The words of a query the index matches (at most 8). */
export function queryWords(q: string): string[] {
  return wordsOf(q.replace(/#/g, " ")).slice(0, MAX_WORDS);
}

/** `limit`: 1..max, default `def`. */
export function parseLimit(raw: string | number | undefined, def: number, max: number): number {
  if (raw === undefined || raw === "") return def;
  const n = typeof raw === "number" ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalid("limit", `an integer 1..${max}`);
  return n;
}

/** An ISO-8601 time, or undefined. */
export function parseTime(raw: string | undefined, field: string): Date | undefined {
  if (raw === undefined || raw === "") return undefined;
  const d = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(d.getTime())) throw invalid(field, "an ISO-8601 time");
  return d;
}

/** An offset cursor (relevance-ordered lists): base64url of `o:<n>`. */
export function encodeOffset(n: number): string {
  return Buffer.from(`o:${n}`).toString("base64url");
}

export function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d{1,6})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw invalid("cursor", "not a cursor from this list");
  return Number(m[1]);
}

/** A keyset cursor (newest-first lists): base64url of `k:<epoch ms>.<id>`. */
export function encodeKey(at: Date, id: string): string {
  return Buffer.from(`k:${at.getTime()}.${id}`).toString("base64url");
}

export function decodeKey(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const m = /^k:(\d{1,15})\.([0-9a-f-]{36})$/i.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw invalid("cursor", "not a cursor from this list");
  return { at: new Date(Number(m[1])), id: (m[2] as string).toLowerCase() };
}

export { invalid };
