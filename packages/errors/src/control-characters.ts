import { type FieldViolation, InvalidArgumentError } from "./domain-error.ts";

/**
 * Characters no text input may carry. PostgreSQL cannot store NUL in `text` or `jsonb` (it fails
 * the query, which surfaced as a 500), and the other controls only ever arrive from fuzzers or
 * attacks (terminal escapes in logs, hidden text). Allowed: tab, line feed and carriage return,
 * which real text (post bodies, bios) contains. Refused:
 * - C0 controls U+0000–U+001F except \t \n \r;
 * - DEL U+007F and the C1 controls U+0080–U+009F (no keyboard or text format produces them);
 * - lone UTF-16 surrogates (`"\ud800"` in JSON), which are not Unicode text and cannot be encoded
 *   as UTF-8 without loss.
 * Format characters such as bidi marks and zero-width joiners stay allowed: they are legitimate in
 * right-to-left scripts and emoji sequences.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this rule's purpose
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const DISALLOWED = new RegExp(`${CONTROLS.source}|${LONE_SURROGATES.source}`);
/** One character class: a fast first pass that only strings with a control or any surrogate pass. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this rule's purpose
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]/;

/** At most this many violations are reported; one is enough to refuse, a few help the client. */
const MAX_VIOLATIONS = 20;

/** The violation message for a string that breaks the rule. */
export const CONTROL_CHARACTER_MESSAGE =
  "must not contain control characters (only tab, line feed and carriage return are allowed)";
const MESSAGE = CONTROL_CHARACTER_MESSAGE;
const KEY_MESSAGE = "object keys must not contain control characters";

/** True when `text` holds a character the input rule refuses. */
export function hasControlCharacters(text: string): boolean {
  // Checked on every string of every request: the plain class rejects almost all text at once.
  return SUSPECT.test(text) && DISALLOWED.test(text);
}

/** Removes refused characters (for values that are stored but not worth refusing a request over, e.g. a user agent). */
export function stripControlCharacters(text: string): string {
  return text.replace(CONTROLS, "").replace(LONE_SURROGATES, "\ufffd");
}

/**
 * Walks a JSON-like value (strings, arrays, plain objects — keys included) and names every string
 * that breaks the rule, by its dotted path (`items.0.text`, as validation errors name fields).
 * `path` names the value itself; a bare string at the root is reported under it, or `(value)`.
 * Paths are built only for violations: this runs on every request body.
 */
export function controlCharacterViolations(value: unknown, path = ""): FieldViolation[] {
  const found: FieldViolation[] = [];
  const at: (string | number)[] = path === "" ? [] : [path];
  const name = (fallback: string) => (at.length === 0 ? fallback : at.join("."));
  const visit = (v: unknown): void => {
    if (found.length >= MAX_VIOLATIONS) return;
    if (typeof v === "string") {
      if (hasControlCharacters(v)) found.push({ field: name("(value)"), message: MESSAGE });
      return;
    }
    // JSON nests at most a few hundred levels before a parser gives up; stop well before the stack does.
    if (typeof v !== "object" || v === null || at.length > 200) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        at.push(i);
        visit(v[i]);
        at.pop();
      }
      return;
    }
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      if (hasControlCharacters(key)) {
        if (found.length < MAX_VIOLATIONS) found.push({ field: name("(key)"), message: KEY_MESSAGE });
        continue;
      }
      at.push(key);
      visit((v as Record<string, unknown>)[key]);
      at.pop();
    }
  };
  visit(value);
  return found;
}

/** The error every edge throws for refused characters: a 400 / invalid_argument naming the fields. */
export function controlCharacterError(violations: FieldViolation[]): InvalidArgumentError {
  return new InvalidArgumentError(
    `request contains control characters in ${violations.map((v) => v.field).join(", ")}`,
    violations,
  );
}

/** Throws the 400 for `value` when any string in it breaks the rule; see `controlCharacterViolations`. */
export function rejectControlCharacters(value: unknown, path = ""): void {
  const violations = controlCharacterViolations(value, path);
  if (violations.length > 0) throw controlCharacterError(violations);
}
