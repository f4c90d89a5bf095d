import { PermissionDeniedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { listOwnedMedia } from "../db/media-queries.ts";
import { parseMediaId } from "./media-input.ts";
import { toMediaView } from "./media-view.ts";

/** media-service's section of the account export: the account's media with signed URLs to download them. */
export async function exportAccountData(args: {
  ctx: ServiceContext;
  viewer: { accountId: string } | undefined;
  input: { accountId: string };
}) {
  const accountId = parseMediaId(args.input.accountId, "accountId");
  if (args.viewer && args.viewer.accountId !== accountId) {
    throw new PermissionDeniedError("an account export is only for the account's owner");
  }
  const rows = await listOwnedMedia(args.ctx.db.db, accountId);
  return { media: await Promise.all(rows.map((r) => toMediaView(args.ctx, r))) };
}
