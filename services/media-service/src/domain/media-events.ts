import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Database } from "@nova/db";
import {
  MediaDeletedSchema,
  MediaFailedSchema,
  MediaReadySchema,
  MediaKind as ProtoKind,
  VideoProcessingRequestedSchema,
} from "@nova/proto/media/v1";
import type { ServiceContext } from "../context.ts";
import type { MediaKind, MediaRow } from "../db/schema/index.ts";

export const PROTO_KIND: Record<MediaKind, ProtoKind> = {
  image: ProtoKind.IMAGE,
  gif: ProtoKind.GIF,
  video: ProtoKind.VIDEO,
};

type Row = Pick<MediaRow, "id" | "ownerId" | "kind">;

/** MediaReady or MediaFailed for a row that just left `processing`, in the caller's transaction. */
export async function enqueueOutcome(
  ctx: ServiceContext,
  tx: Database,
  row: Row & { status: "ready" | "failed"; error?: string | null },
  traceparent?: string,
): Promise<void> {
  const now = ctx.clock();
  if (row.status === "ready") {
    await ctx.outbox.enqueue(tx, {
      aggregateId: row.id,
      schema: MediaReadySchema,
      payload: create(MediaReadySchema, {
        mediaId: row.id,
        ownerId: row.ownerId,
        kind: PROTO_KIND[row.kind],
        occurredAt: timestampFromDate(now),
      }),
      traceparent,
      occurredAt: now,
    });
    return;
  }
  await ctx.outbox.enqueue(tx, {
    aggregateId: row.id,
    schema: MediaFailedSchema,
    payload: create(MediaFailedSchema, {
      mediaId: row.id,
      ownerId: row.ownerId,
      kind: PROTO_KIND[row.kind],
      error: row.error ?? "",
      occurredAt: timestampFromDate(now),
    }),
    traceparent,
    occurredAt: now,
  });
}

export async function enqueueDeleted(ctx: ServiceContext, tx: Database, row: Row, traceparent?: string) {
  const now = ctx.clock();
  await ctx.outbox.enqueue(tx, {
    aggregateId: row.id,
    schema: MediaDeletedSchema,
    payload: create(MediaDeletedSchema, {
      mediaId: row.id,
      ownerId: row.ownerId,
      occurredAt: timestampFromDate(now),
    }),
    traceparent,
    occurredAt: now,
  });
}

/** The video job, on this service's own topic: durable, redelivered if a worker dies mid-job. */
export async function enqueueVideoJob(ctx: ServiceContext, tx: Database, row: Row, traceparent?: string) {
  const now = ctx.clock();
  await ctx.outbox.enqueue(tx, {
    aggregateId: row.id,
    schema: VideoProcessingRequestedSchema,
    payload: create(VideoProcessingRequestedSchema, { mediaId: row.id, ownerId: row.ownerId }),
    traceparent,
    occurredAt: now,
  });
}
