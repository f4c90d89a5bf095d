import { InvalidArgumentError } from "@nova/errors";

/** A list position (time + id tiebreak), opaque to clients. */
export interface Position {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(p: Position): string {
  return Buffer.from(`${p.at.toISOString()}|${p.id}`).toString("base64url");
}

/** The position in a cursor; a cursor that was not made by encodeCursor is a 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined | null): Position | undefined {
  if (!cursor) return undefined;
  const [at, id, extra] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(at ?? "");
  if (extra !== undefined || !id || !UUID.test(id) || Number.isNaN(date.getTime()))
    throw new InvalidArgumentError("cursor is invalid", [
      { field: "cursor", message: "is not a cursor from this list" },
    ]);
  return { at: date, id };
}

/** Page size from a request: default 20, 1..100. */
export function pageSize(requested: number | undefined | null): number {
  if (requested === undefined || requested === null || requested === 0) return 20;
  if (!Number.isInteger(requested) || requested < 1 || requested > 100)
    throw new InvalidArgumentError("page size is invalid", [{ field: "limit", message: "must be 1..100" }]);
  return requested;
}
