import { z } from "zod";

const CONTROL = /\p{Cc}/u;
// Bidi marks, overrides and isolates (text spoofing), zero-width space, word joiners and the BOM
// (invisible padding that makes two names look alike). ZWJ/ZWNJ stay allowed: emoji and several
// scripts need them.
const INVISIBLE = /[\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** Length as people count it: code points, not UTF-16 units. */
export function codePointLength(value: string): number {
  return [...value].length;
}

/**
 * A free-text profile field: NFC-normalised and trimmed, at most `max` code points, no control or
 * invisible formatting characters (line breaks only where `multiline`, stored as `\n`).
 */
export function profileText(opts: { max: number; multiline?: boolean }) {
  return z
    .string()
    .transform((v) => v.normalize("NFC").replace(/\r\n?/g, "\n").trim())
    .superRefine((v, ctx) => {
      if (CONTROL.test(opts.multiline ? v.replaceAll("\n", "") : v))
        ctx.addIssue({ code: "custom", message: "must not contain control characters" });
      else if (INVISIBLE.test(v))
        ctx.addIssue({ code: "custom", message: "must not contain invisible formatting characters" });
      if (codePointLength(v) > opts.max)
        ctx.addIssue({ code: "custom", message: `must be at most ${opts.max} characters` });
    });
}
