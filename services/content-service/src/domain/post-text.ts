import { z } from "zod";

const CONTROL = /[\p{Cc}]/u;
// Bidi overrides and isolates (text spoofing) and invisible padding; ZWJ/ZWNJ stay (emoji, scripts).
const INVISIBLE = /[\u200B\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Length as people count it: grapheme clusters (👩‍👩‍👧 and é are one each). */
export function graphemeLength(value: string): number {
  let n = 0;
  for (const _ of segmenter.segment(value)) n++;
  return n;
}

/**
 * Free text of a post or comment: NFC-normalised, line breaks as `\n`, trimmed; at most `max`
 * grapheme clusters; no control or invisible formatting characters (tabs and line breaks allowed).
 */
export function contentText(opts: { max: number; what: string }) {
  return z
    .string()
    .transform((v) => v.normalize("NFC").replace(/\r\n?/g, "\n").trim())
    .superRefine((v, ctx) => {
      if (CONTROL.test(v.replace(/[\n\t]/g, "")))
        ctx.addIssue({ code: "custom", message: "must not contain control characters" });
      else if (INVISIBLE.test(v))
        ctx.addIssue({ code: "custom", message: "must not contain invisible formatting characters" });
      if (graphemeLength(v) > opts.max)
        ctx.addIssue({ code: "custom", message: `${opts.what} must be at most ${opts.max} characters` });
    });
}

const MAX_TAG = 100;
/** Up to this many distinct @mentions are resolved; the rest stay plain text. */
export const MAX_MENTIONS = 50;

// `#tag` not glued to a preceding word, '&' (HTML entities) or another '#'; at least one letter.
const HASHTAG = /(?<![\p{L}\p{N}\p{M}_&#])#([\p{L}\p{N}\p{M}_]+)/gu;
// `@name` not glued to a preceding word (so e-mail addresses are not mentions).
const MENTION = /(?<![\p{L}\p{N}_.@])@([\p{L}\p{N}_.]{1,64})/gu;

/** Hashtags (lower-cased, without '#'), unique, in order of first appearance. */
export function extractHashtags(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(HASHTAG)) {
    const tag = (m[1] ?? "").toLowerCase();
    if (/\p{L}|_/u.test(tag) && graphemeLength(tag) <= MAX_TAG) out.add(tag);
  }
  return [...out];
}

/** Mentioned usernames (lower-cased, without '@', trailing dots dropped), unique, first MAX_MENTIONS. */
export function extractMentions(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(MENTION)) {
    const name = (m[1] ?? "").replace(/\.+$/, "").toLowerCase();
    if (name) out.add(name);
    if (out.size >= MAX_MENTIONS) break;
  }
  return [...out];
}

/** A hashtag as given in a URL (with or without '#'), in the stored form. */
export function normalizeHashtag(tag: string): string | undefined {
  const [found] = extractHashtags(`#${tag.replace(/^#/, "").normalize("NFC")}`);
  return found;
}
