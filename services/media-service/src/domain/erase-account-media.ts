import type { ServiceContext } from "../context.ts";
import { listOwnedMedia } from "../db/media-queries.ts";
import { removeMedia } from "./delete-media.ts";
import { deletePrefix } from "./delete-stored-files.ts";
import { parseMediaId } from "./media-input.ts";

/**
 * Account deletion: every media object of the account and every stored file (including upload
 * sessions' bytes). Idempotent: a second delivery finds nothing left.
 */
export async function eraseAccountMedia(args: {
  ctx: ServiceContext;
  input: { accountId: string };
  traceparent?: string | undefined;
}): Promise<number> {
  const { ctx } = args;
  const accountId = parseMediaId(args.input.accountId, "accountId");
  const rows = await listOwnedMedia(ctx.db.db, accountId);
  for (const row of rows) await removeMedia(ctx, row, args.traceparent);
  await deletePrefix(ctx, `media/${accountId}/`);
  await deletePrefix(ctx, `uploads/${accountId}/`);
  return rows.length;
}
