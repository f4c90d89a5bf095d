import { InvalidArgumentError } from "@nova/errors";

export const MAX_ALT_CHARS = 1500;

/** Alt text: at most 1,500 characters, no control characters except newlines. */
export function parseAlt(alt: string | undefined | null): string | undefined {
  if (alt === undefined || alt === null) return undefined;
  if ([...alt].length > MAX_ALT_CHARS) {
    throw new InvalidArgumentError(`alt must be at most ${MAX_ALT_CHARS} characters`, [
      { field: "alt", message: `at most ${MAX_ALT_CHARS} characters` },
    ]);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(alt)) {
    throw new InvalidArgumentError("alt must not contain control characters", [
      { field: "alt", message: "control characters are not allowed" },
    ]);
  }
  return alt;
}

/** Focal point "x,y" with both in −1..1 (Mastodon's convention: 0,0 is the centre). */
export function parseFocus(focus: string | undefined | null): { x: number; y: number } | undefined {
  if (focus === undefined || focus === null || focus === "") return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(focus);
  const x = Number(m?.[1]);
  const y = Number(m?.[2]);
  if (!m || !(x >= -1 && x <= 1 && y >= -1 && y <= 1)) {
    throw new InvalidArgumentError("focus must be x,y with both between -1 and 1", [
      { field: "focus", message: "must be x,y with both between -1 and 1" },
    ]);
  }
  return { x, y };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseMediaId(id: string, field = "id"): string {
  if (!UUID.test(id))
    throw new InvalidArgumentError(`${field} must be a UUID`, [{ field, message: "must be a UUID" }]);
  return id.toLowerCase();
}
