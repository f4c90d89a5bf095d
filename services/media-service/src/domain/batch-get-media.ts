import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findMediaByIds } from "../db/media-queries.ts";
import { parseMediaId } from "./media-input.ts";
import { type MediaView, toMediaView } from "./media-view.ts";

export const MAX_BATCH = 100;

/** Ready media by id, in request order (unknown, deleted or unready ids are left out). */
export async function batchGetMedia(args: {
  ctx: ServiceContext;
  input: { ids: readonly string[] };
}): Promise<MediaView[]> {
  const { ids } = args.input;
  if (ids.length > MAX_BATCH) {
    throw new InvalidArgumentError(`at most ${MAX_BATCH} ids`, [
      { field: "ids", message: `at most ${MAX_BATCH}` },
    ]);
  }
  const parsed = ids.map((id) => parseMediaId(id, "ids"));
  const byId = new Map((await findMediaByIds(args.ctx.db.db, [...new Set(parsed)])).map((r) => [r.id, r]));
  const rows = parsed.flatMap((id) => {
    const row = byId.get(id);
    return row && row.status === "ready" ? [row] : [];
  });
  return Promise.all(rows.map((r) => toMediaView(args.ctx, r)));
}
