import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { liveStreams } from "../db/schema/index.ts";
import { countViewers } from "./live-runtime.ts";

/** Header a relaying replica sets: `<viewer>;<hmac>` — the viewer counts on the ingest replica. */
export const RELAY_HEADER = "x-nova-live-relay";
const WRITE_VIEWERS_EVERY_MS = 5_000;

function relaySignature(secret: string, liveId: string, viewer: string): Buffer {
  return createHmac("sha256", secret).update(`live-relay\n${liveId}\n${viewer}`).digest();
}

/** The viewer a relayed request stands for, when its header is signed with the service's key. */
export function relayedViewer(
  ctx: ServiceContext,
  liveId: string,
  header: string | undefined,
): string | undefined {
  const at = header?.lastIndexOf(";") ?? -1;
  if (!header || at < 1) return undefined;
  const viewer = header.slice(0, at);
  const given = Buffer.from(header.slice(at + 1), "base64url");
  const expected = relaySignature(ctx.config.extra.MEDIA_SIGNING_SECRET, liveId, viewer);
  return given.length === expected.length && timingSafeEqual(given, expected) ? viewer : undefined;
}

const origin = (url: string) => new URL(url).origin;

/**
 * A live playlist or segment this replica does not hold, fetched from the replica that does (the
 * stream's `ingestInstanceUrl`) with the caller's own signed query; undefined when there is none,
 * it is this replica, the request was already relayed once, or the ingest replica has no such file.
 */
export async function relayLiveFile(
  ctx: ServiceContext,
  args: { liveId: string; file: string; query: string; viewer: string; relayed: boolean },
): Promise<{ body: Uint8Array; contentType: string } | undefined> {
  const own = ctx.config.extra.MEDIA_INSTANCE_URL;
  if (!own || args.relayed) return undefined;
  const [row] = await ctx.db.db.select().from(liveStreams).where(eq(liveStreams.id, args.liveId));
  if (row?.status !== "live" || !row.ingestInstanceUrl || origin(row.ingestInstanceUrl) === origin(own))
    return undefined;
  const signature = relaySignature(ctx.config.extra.MEDIA_SIGNING_SECRET, args.liveId, args.viewer);
  const url = `${origin(row.ingestInstanceUrl)}/api/v1/live/${args.liveId}/hls/${args.file}?${args.query}`;
  const res = await fetch(url, {
    headers: { [RELAY_HEADER]: `${args.viewer};${signature.toString("base64url")}` },
    signal: AbortSignal.timeout(5_000),
  }).catch((err) => {
    ctx.log.warn("live relay to the ingest replica failed", { err, liveId: args.liveId });
    return undefined;
  });
  if (!res?.ok) {
    await res?.body?.cancel();
    return undefined;
  }
  return {
    body: new Uint8Array(await res.arrayBuffer()),
    contentType: res.headers.get("content-type") ?? "application/octet-stream",
  };
}

/** The ingest replica writes its viewer count for the others (at most every 5 s per stream). */
export async function writeViewerCount(ctx: ServiceContext, liveId: string): Promise<void> {
  const now = Date.now();
  if (now - (ctx.live.viewersWrittenAt.get(liveId) ?? 0) < WRITE_VIEWERS_EVERY_MS) return;
  ctx.live.viewersWrittenAt.set(liveId, now);
  await ctx.db.db
    .update(liveStreams)
    .set({ viewers: countViewers(ctx.live, liveId, now) })
    .where(eq(liveStreams.id, liveId));
}
