import { InvalidArgumentError } from "@nova/errors";

/** Position after the last item of a page: its edge time (ms) and id, so ties never skip or repeat. */
export interface CursorPosition {
  at: number;
  id: string;
}

/** Opaque cursor: base64url of `<ms>.<id>`. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.at}.${position.id}`).toString("base64url");
}

/** Decodes a cursor from `encodeCursor`; anything else is a 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  const text = Buffer.from(cursor, "base64url").toString();
  const match = /^(\d{1,15})\.([0-9a-f-]{36})$/.exec(text);
  if (!match)
    throw new InvalidArgumentError("cursor is invalid", [
      { field: "cursor", message: "not a cursor from a previous page" },
    ]);
  return { at: Number(match[1]), id: match[2] as string };
}

/** Builds a page from `limit + 1` rows (newest first): the extra row only says there is more. */
export function toPage(rows: { id: string; since: Date }[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.since.getTime(), id: last.id }) : null,
  };
}
