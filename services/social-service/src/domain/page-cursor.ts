import { InvalidArgumentError } from "@nova/errors";

/** Keyset position of a newest-first list: the last row's time and id. */
export interface PageKey {
  at: Date;
  id: string;
}

/** Opaque to clients: base64url of `<epoch ms>.<id>`. */
export function encodeCursor(key: PageKey): string {
  return Buffer.from(`${key.at.getTime()}.${key.id}`).toString("base64url");
}

/** Parses a cursor this service issued; anything else is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): PageKey {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^(\d{1,15})\.([0-9a-f-]{36})$/i.exec(text);
  if (!match)
    throw new InvalidArgumentError("cursor is invalid", [
      { field: "cursor", message: "not a cursor from this list" },
    ]);
  return { at: new Date(Number(match[1])), id: (match[2] as string).toLowerCase() };
}
