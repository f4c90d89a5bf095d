import { createHash, randomBytes } from "node:crypto";
import { readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { withTransaction } from "@nova/db";
import { InvalidArgumentError, NotFoundError, PermissionDeniedError } from "@nova/errors";
import { LiveEndedSchema, LiveStartedSchema } from "@nova/proto/media/v1";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { type LiveStreamRow, liveStreams } from "../db/schema/index.ts";
import { relayedViewer, relayLiveFile, writeViewerCount } from "../live/live-relay.ts";
import { countViewers } from "../live/live-runtime.ts";
import { liveDir, startLiveTranscode } from "../live/live-transcoder.ts";
import { signHlsQuery, verifyHlsQuery } from "./hls-signature.ts";
import { ingestMedia } from "./ingest-media.ts";
import { parseMediaId } from "./media-input.ts";
import { uploadKey } from "./storage-keys.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

export interface LiveStreamView {
  id: string;
  ownerId: string;
  title: string;
  status: "idle" | "live" | "ended";
  viewers: number;
  playback: { hls: { url: string } };
  /** The owner only; `streamKey` only right after creation or rotation. */
  ingest?: { url: string; streamKey?: string };
  recordingMediaId?: string;
  startedAt: string | null;
  endedAt: string | null;
}

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");
const scope = (liveId: string) => `live/${liveId}`;

function playlistUrl(ctx: ServiceContext, liveId: string, file: string): string {
  const expires =
    Math.floor(ctx.clock().getTime() / 1000) +
    Math.max(60, Math.floor(ctx.config.extra.MEDIA_URL_TTL / 1000));
  const base = ctx.config.extra.MEDIA_PUBLIC_URL.replace(/\/+$/, "");
  return `${base}/api/v1/live/${liveId}/hls/${file}?${signHlsQuery(ctx.config.extra.MEDIA_SIGNING_SECRET, scope(liveId), file, expires)}`;
}

function toView(ctx: ServiceContext, row: LiveStreamRow, viewer: Viewer, streamKey?: string): LiveStreamView {
  const owner = viewer?.accountId === row.ownerId;
  return {
    id: row.id,
    ownerId: row.ownerId,
    title: row.title,
    status: row.status,
    // The ingest replica counts; the others read what it last wrote.
    viewers:
      row.status !== "live"
        ? 0
        : ctx.live.transcoders.has(row.id)
          ? countViewers(ctx.live, row.id, Date.now())
          : row.viewers,
    playback: { hls: { url: playlistUrl(ctx, row.id, "master.m3u8") } },
    ...(owner && { ingest: { url: ctx.config.extra.LIVE_INGEST_URL, ...(streamKey && { streamKey }) } }),
    ...(row.recordingMediaId && { recordingMediaId: row.recordingMediaId }),
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

async function findLive(ctx: ServiceContext, id: string): Promise<LiveStreamRow | undefined> {
  const [row] = await ctx.db.db.select().from(liveStreams).where(eq(liveStreams.id, id));
  return row;
}

/** POST /api/v1/live: a stream and its secret key (shown once; only its hash is stored). */
export async function createLiveStream(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { title: string };
}) {
  const { ctx } = args;
  const ownerId = requireViewer(args.viewer);
  const title = args.input.title.trim();
  if (title.length === 0 || [...title].length > 200) {
    throw new InvalidArgumentError("title must be 1 to 200 characters", [
      { field: "title", message: "1 to 200 characters" },
    ]);
  }
  const streamKey = `nlk_${randomBytes(24).toString("base64url")}`;
  const [row] = await ctx.db.db
    .insert(liveStreams)
    .values({
      id: Bun.randomUUIDv7(),
      ownerId,
      title,
      streamKeyHash: hashKey(streamKey),
      createdAt: ctx.clock(),
    })
    .returning();
  return toView(ctx, row as LiveStreamRow, args.viewer, streamKey);
}

/** GET /api/v1/live/{id}: status, viewers, playback (anyone); the ingest URL (owner). */
export async function getLiveStream(args: { ctx: ServiceContext; viewer: Viewer; input: { id: string } }) {
  const row = await findLive(args.ctx, parseMediaId(args.input.id));
  if (!row) throw new NotFoundError("live stream", args.input.id);
  return toView(args.ctx, row, args.viewer);
}

/** POST /api/v1/live/{id}/key: a new stream key (owner); the old one stops working at once. */
export async function rotateStreamKey(args: { ctx: ServiceContext; viewer: Viewer; input: { id: string } }) {
  const accountId = requireViewer(args.viewer);
  const row = await findLive(args.ctx, parseMediaId(args.input.id));
  if (!row || row.ownerId !== accountId) throw new NotFoundError("live stream", args.input.id);
  const streamKey = `nlk_${randomBytes(24).toString("base64url")}`;
  const [updated] = await args.ctx.db.db
    .update(liveStreams)
    .set({ streamKeyHash: hashKey(streamKey) })
    .where(eq(liveStreams.id, row.id))
    .returning();
  return toView(args.ctx, updated as LiveStreamRow, args.viewer, streamKey);
}

/**
 * nginx's on_publish: the stream name is the key. An unknown key, or a stream already ended, is
 * refused (403: nginx drops the connection). Accepted: status live, LiveStarted, transcoder started.
 */
export async function onPublish(ctx: ServiceContext, streamKey: string): Promise<void> {
  const [row] = await ctx.db.db
    .select()
    .from(liveStreams)
    .where(eq(liveStreams.streamKeyHash, hashKey(streamKey)));
  if (!row || row.status === "ended") throw new PermissionDeniedError("unknown or used stream key");
  const now = ctx.clock();
  await withTransaction(ctx.db.db, async (tx) => {
    await tx
      .update(liveStreams)
      .set({ status: "live", startedAt: now, ingestInstanceUrl: ctx.config.extra.MEDIA_INSTANCE_URL ?? null })
      .where(eq(liveStreams.id, row.id));
    await ctx.outbox.enqueue(tx, {
      aggregateId: row.id,
      schema: LiveStartedSchema,
      payload: create(LiveStartedSchema, {
        liveId: row.id,
        ownerId: row.ownerId,
        title: row.title,
        occurredAt: timestampFromDate(now),
      }),
      occurredAt: now,
    });
  });
  const t = await startLiveTranscode(ctx, row.id, streamKey);
  ctx.live.transcoders.set(row.id, { ...t, streamKey });
  // The push ending closes ffmpeg's input: the stream ends even if on_publish_done is lost.
  t.done
    .then(() => endLive(ctx, row.id))
    .catch((err) => ctx.log.warn("live end failed", { err, liveId: row.id }));
}

/** nginx's on_publish_done (or the transcoder's exit): ends the stream once. */
export async function onPublishDone(ctx: ServiceContext, streamKey: string): Promise<void> {
  const [row] = await ctx.db.db
    .select()
    .from(liveStreams)
    .where(eq(liveStreams.streamKeyHash, hashKey(streamKey)));
  if (row) await endLive(ctx, row.id);
}

function endLive(ctx: ServiceContext, liveId: string): Promise<void> {
  const running = ctx.live.ending.get(liveId);
  if (running) return running;
  const p = (async () => {
    const t = ctx.live.transcoders.get(liveId);
    if (t) {
      t.stop();
      await t.done;
      ctx.live.transcoders.delete(liveId);
    }
    const row = await findLive(ctx, liveId);
    if (!row || row.status === "ended") return;
    let recordingMediaId: string | null = null;
    const recording = join(liveDir(ctx, liveId), "recording.mp4");
    const size = (await stat(recording).catch(() => undefined))?.size ?? 0;
    if (size > 0) {
      // The recording becomes a normal video media object (transcoded to VOD HLS by the video job).
      const key = uploadKey(row.ownerId, `live-${liveId}`);
      const bytes = await readFile(recording);
      await ctx.storage.store.put(key, bytes, { contentType: "video/mp4" });
      const media = await ingestMedia(ctx, {
        ownerId: row.ownerId,
        alt: `Recording of "${row.title}"`,
        source: { key, size: bytes.byteLength, head: bytes.subarray(0, 4100), read: async () => bytes },
      }).catch((err) => {
        ctx.log.warn("live recording could not be kept", { err, liveId });
        return undefined;
      });
      recordingMediaId = media?.id ?? null;
    }
    const now = ctx.clock();
    await withTransaction(ctx.db.db, async (tx) => {
      await tx
        .update(liveStreams)
        .set({ status: "ended", endedAt: now, recordingMediaId })
        .where(eq(liveStreams.id, liveId));
      await ctx.outbox.enqueue(tx, {
        aggregateId: liveId,
        schema: LiveEndedSchema,
        payload: create(LiveEndedSchema, {
          liveId,
          ownerId: row.ownerId,
          recordingMediaId: recordingMediaId ?? "",
          occurredAt: timestampFromDate(now),
        }),
        occurredAt: now,
      });
    });
    ctx.live.viewers.delete(liveId);
    // The live window and the local recording are not needed once the recording is stored.
    await rm(liveDir(ctx, liveId), { recursive: true, force: true });
  })();
  ctx.live.ending.set(liveId, p);
  return p.finally(() => ctx.live.ending.delete(liveId));
}

const PLAYLIST = /^[A-Za-z0-9_-]{1,64}\.m3u8$/;
const SEGMENT = /^[A-Za-z0-9_-]{1,64}\.ts$/;

/**
 * GET /api/v1/live/{id}/hls/{file}?expires&signature: a live playlist (references re-signed) or a
 * segment, from this instance's transcoder output. Counts the caller as a viewer.
 */
export async function serveLiveFile(args: {
  ctx: ServiceContext;
  input: {
    id: string;
    file: string;
    expires?: string | undefined;
    signature?: string | undefined;
    client: string;
    /** The relay header, when another replica relays a viewer's request here. */
    relay?: string | undefined;
  };
}): Promise<{ body: Uint8Array | string; contentType: string }> {
  const { ctx, input } = args;
  const id = parseMediaId(input.id);
  if (!PLAYLIST.test(input.file) && !SEGMENT.test(input.file)) throw new NotFoundError("live file");
  verifyHlsQuery(
    ctx.config.extra.MEDIA_SIGNING_SECRET,
    scope(id),
    input.file,
    input,
    Math.floor(ctx.clock().getTime() / 1000),
  );
  const relayedFor = relayedViewer(ctx, id, input.relay);
  const path = join(liveDir(ctx, id), input.file);
  const bytes = await readFile(path).catch(() => undefined);
  if (!bytes) {
    // Held by another replica (relayed there, once), not produced yet (players retry), or gone
    // with the ended stream's window.
    const query = new URLSearchParams({ expires: input.expires ?? "", signature: input.signature ?? "" });
    const relayed = await relayLiveFile(ctx, {
      liveId: id,
      file: input.file,
      query: query.toString(),
      viewer: input.client,
      relayed: input.relay !== undefined,
    });
    if (!relayed) throw new NotFoundError("live file");
    return relayed;
  }
  if (SEGMENT.test(input.file)) return { body: new Uint8Array(bytes), contentType: "video/mp2t" };
  const viewers = ctx.live.viewers.get(id) ?? new Map<string, number>();
  viewers.set(relayedFor ?? input.client, Date.now());
  ctx.live.viewers.set(id, viewers);
  await writeViewerCount(ctx, id);
  const text = bytes
    .toString("utf8")
    .split("\n")
    .map((line) => {
      const ref = line.trim();
      return PLAYLIST.test(ref) || SEGMENT.test(ref) ? playlistUrl(ctx, id, ref) : line;
    })
    .join("\n");
  return { body: text, contentType: "application/vnd.apple.mpegurl" };
}
