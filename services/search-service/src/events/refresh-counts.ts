import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import {
  LikeCreatedSchema,
  LikeDeletedSchema,
  PostCountersChangedSchema,
  RepostCreatedSchema,
  RepostDeletedSchema,
} from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { setCounts } from "../db/document-writes.ts";

const POST_ID_EVENTS = [
  LikeCreatedSchema,
  LikeDeletedSchema,
  RepostCreatedSchema,
  RepostDeletedSchema,
  PostCountersChangedSchema,
] as const;

/**
 * social's events that change a post's counts: the counts are read again from social-service (the
 * events carry no numbers). Idempotent by nature (it sets what social says), so no ledger.
 */
export async function refreshCounts(ctx: ServiceContext, event: DeliveredEvent): Promise<void> {
  const payload = event.envelope.payload;
  const schema = POST_ID_EVENTS.find((s) => s.typeName === event.type);
  if (!payload || !schema) return;
  const postId = (anyUnpack(payload, schema) as { postId?: string } | undefined)?.postId;
  if (!postId) return;
  const counts = (await ctx.social.counts([postId])).get(postId);
  if (!counts) return;
  await setCounts(ctx.db.db, postId, counts);
  await ctx.engine.sync({ documents: [postId], accounts: [] });
}
