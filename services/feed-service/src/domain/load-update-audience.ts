import type { GraphPeer } from "../peers/graph-peer.ts";
import type { UpdateAudience } from "../updates/home-updates-hub.ts";

// As the read-time merge (followed-heavy-authors.ts): the first 5,000 accounts followed count.
const MAX_FOLLOWING = 5_000;

/**
 * Whose new posts notify the viewer's home-update stream: the accounts it follows (graph
 * ListFollowing, capped), and those it blocks, is blocked by or mutes, which never notify — the same
 * authors the home timeline leaves out, so a notification never announces a post the reload hides
 * for that reason.
 */
export async function loadUpdateAudience(graph: GraphPeer, viewerId: string): Promise<UpdateAudience> {
  const [following, hidden] = await Promise.all([
    graph.following(viewerId, MAX_FOLLOWING),
    // Asked afresh: a stream reloads its audience on a block or mute, maybe before this instance
    // has dropped its held copy.
    graph.hiddenAuthors(viewerId, { fresh: true }),
  ]);
  return { following: new Set(following), hidden: new Set([...hidden.blocked, ...hidden.muted]) };
}
