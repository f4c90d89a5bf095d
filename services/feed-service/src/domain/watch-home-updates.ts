import { UnauthenticatedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import type { HomeUpdate } from "../updates/update-stream.ts";
import type { Viewer } from "./read-home-timeline.ts";

/**
 * The signed-in viewer's "new posts are available" stream for the home timeline (REST over SSE and
 * the GraphQL subscription). Resolves once the stream is registered — so a post published after
 * that is announced — and fails before any byte is streamed: 401 without a token, 429 when the
 * account already holds FEED_UPDATES_MAX_STREAMS_PER_ACCOUNT streams (across replicas), 503 when this
 * replica holds FEED_UPDATES_MAX_STREAMS streams or graph/cache are unreachable. The stream ends
 * when `signal` aborts, when the consumer returns, or when the service shuts down.
 */
export async function watchHomeUpdates({
  ctx,
  viewer,
  signal,
}: {
  ctx: ServiceContext;
  viewer: Viewer;
  signal?: AbortSignal | undefined;
}): Promise<AsyncIterableIterator<HomeUpdate>> {
  if (!viewer) throw new UnauthenticatedError();
  return ctx.homeUpdates.open(viewer.accountId, signal);
}
