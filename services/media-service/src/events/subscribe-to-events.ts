import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { type DeliveredEvent, type Subscription, serviceTopic } from "@nova/events";
import { CommentDeletedSchema, PostDeletedSchema } from "@nova/proto/content/v1";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { VideoProcessingRequestedSchema } from "@nova/proto/media/v1";
import type { ServiceContext } from "../context.ts";
import { releaseMedia } from "../domain/attach-media.ts";
import { eraseAccountMedia } from "../domain/erase-account-media.ts";
import { processVideo } from "../domain/process-video.ts";

/**
 * One delivered event: this service's own video jobs, content's post and comment deletions (release
 * their media) and identity's account deletions. All
 * effects are idempotent by state (a video no longer processing is skipped; an erased account has
 * nothing left), so redeliveries — a crashed worker's job, AccountDeleted's second sweep — are safe.
 * A throw makes the bus retry with backoff. Exported for tests.
 */
export function handleMediaEvent(ctx: ServiceContext) {
  return async function handleEvent(event: DeliveredEvent): Promise<void> {
    const payload = event.envelope.payload;
    if (!payload) return;
    if (event.type === VideoProcessingRequestedSchema.typeName) {
      const job = anyUnpack(payload, VideoProcessingRequestedSchema);
      if (job?.mediaId) await processVideo(ctx, job.mediaId, event.traceparent);
      return;
    }
    if (event.type === PostDeletedSchema.typeName) {
      // A deleted post releases its media: collected after MEDIA_UNATTACHED_TTL.
      const deleted = anyUnpack(payload, PostDeletedSchema);
      if (deleted?.postId) await releaseMedia({ ctx, input: { subject: `post:${deleted.postId}` } });
      return;
    }
    if (event.type === CommentDeletedSchema.typeName) {
      // Likewise a deleted comment (subject comment:<id>).
      const deleted = anyUnpack(payload, CommentDeletedSchema);
      if (deleted?.commentId) await releaseMedia({ ctx, input: { subject: `comment:${deleted.commentId}` } });
      return;
    }
    if (event.type === AccountDeletedSchema.typeName) {
      const deleted = anyUnpack(payload, AccountDeletedSchema);
      if (deleted?.accountId) {
        const erased = await eraseAccountMedia({
          ctx,
          input: { accountId: deleted.accountId },
          traceparent: event.traceparent,
        });
        ctx.log.info("account media erased", { accountId: deleted.accountId, erased });
      }
    }
  };
}

export function subscribeToEvents(ctx: ServiceContext): Promise<Subscription> {
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    topics: [
      serviceTopic("media-service"),
      serviceTopic("content-service"),
      serviceTopic("identity-service"),
    ],
    registry: ctx.metrics.registry,
    handler: handleMediaEvent(ctx),
  });
}
