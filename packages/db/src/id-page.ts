import { InvalidArgumentError } from "@nova/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where a keyset page in id order starts and how long it is (bulk listings such as a reindex). */
export interface IdPageArgs {
  afterId: string | undefined;
  limit: number;
}

/**
 * Parses a bulk listing's page request: `pageSize` 0 → `defaultSize`, else 1..`maxSize`; `cursor`
 * empty → first page, else one made by idPage. Bad values are a 400 naming the field.
 */
export function parseIdPage(
  input: { pageSize: number; cursor: string },
  sizes: { defaultSize: number; maxSize: number },
): IdPageArgs {
  const limit = input.pageSize === 0 ? sizes.defaultSize : input.pageSize;
  if (!Number.isInteger(limit) || limit < 1 || limit > sizes.maxSize)
    throw new InvalidArgumentError("page size is invalid", [
      { field: "pageSize", message: `must be 1..${sizes.maxSize}` },
    ]);
  if (!input.cursor) return { afterId: undefined, limit };
  const afterId = Buffer.from(input.cursor, "base64url").toString();
  if (!UUID.test(afterId))
    throw new InvalidArgumentError("cursor is invalid", [
      { field: "cursor", message: "is not a cursor from this list" },
    ]);
  return { afterId, limit };
}

/** A page of rows read in id order with `limit`; the next cursor is empty when the page was short. */
export function idPage<T>(
  items: T[],
  limit: number,
  idOf: (item: T) => string,
): { items: T[]; nextCursor: string } {
  const last = items.at(-1);
  const nextCursor = items.length === limit && last ? Buffer.from(idOf(last)).toString("base64url") : "";
  return { items, nextCursor };
}
