import type { EngagementView } from "./engagement-view.ts";

/** The viewer's repost of a post (as it stands after the call) and the post's engagement. */
export interface RepostView {
  /** The repost's id; null when the viewer has no repost of the post. */
  repostId: string | null;
  createdAt: string | null;
  /** True when this call created the repost (false: it existed already). */
  created: boolean;
  engagement: EngagementView;
}
