import { InvalidArgumentError } from "@nova/errors";
import { RESERVED_USERNAMES } from "./reserved-usernames.ts";

export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 30;

export type UsernameCheck = { ok: true; username: string } | { ok: false; reason: string };

// Letters and digits of any script, after compatibility folding: what a confusable attack uses.
const NON_ASCII_LETTER_OR_DIGIT = /[^\u0020-\u007e]/u;
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * Canonical form of a username: trimmed and lower-cased. Uniqueness is on this form, so
 * `TestUser` and `testuser` are the same name.
 */
export function canonicalUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * Checks a username against Nova's rules and returns its canonical form or the first reason it
 * is refused: 3–30 characters of `a-z`, `0-9` and `_` (case-insensitive), not only digits or
 * underscores, not reserved, and no look-alike characters from other scripts.
 */
export function checkUsername(raw: string): UsernameCheck {
  if (typeof raw !== "string") return { ok: false, reason: "must be a string" };
  if (CONTROL.test(raw)) return { ok: false, reason: "must not contain control or invisible characters" };
  const name = canonicalUsername(raw);
  if (NON_ASCII_LETTER_OR_DIGIT.test(name)) {
    // A name that folds to ASCII (fullwidth, ligatures) or mixes scripts is a confusable: refuse it
    // rather than silently mapping it, so "tеstuser" (Cyrillic е) can never pose as "testuser".
    return {
      ok: false,
      reason: "must use only the Latin letters a-z; look-alike characters are not allowed",
    };
  }
  if (name.length < USERNAME_MIN_LENGTH)
    return { ok: false, reason: `must be at least ${USERNAME_MIN_LENGTH} characters` };
  if (name.length > USERNAME_MAX_LENGTH)
    return { ok: false, reason: `must be at most ${USERNAME_MAX_LENGTH} characters` };
  if (!/^[a-z0-9_]+$/.test(name))
    return { ok: false, reason: "may contain only letters, digits and underscores" };
  if (/^[0-9_]+$/.test(name)) return { ok: false, reason: "must contain at least one letter" };
  if (RESERVED_USERNAMES.has(name)) return { ok: false, reason: "is reserved" };
  return { ok: true, username: name };
}

/** `checkUsername` that throws InvalidArgumentError naming `field` (default "username"). */
export function validateUsername(raw: string, field = "username"): string {
  const result = checkUsername(raw);
  if (!result.ok)
    throw new InvalidArgumentError(`username ${result.reason}`, [{ field, message: result.reason }]);
  return result.username;
}
