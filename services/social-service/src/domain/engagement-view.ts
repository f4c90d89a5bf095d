import type { Counts } from "../db/counter-queries.ts";

/** What the viewer has done to one post. */
export interface ViewerState {
  liked: boolean;
  reposted: boolean;
  bookmarked: boolean;
}

/** Counters and viewer state of one post: what every door returns for a post. */
export interface EngagementView {
  postId: string;
  counts: Counts;
  viewerState: ViewerState;
}

export const NO_VIEWER_STATE: Readonly<ViewerState> = { liked: false, reposted: false, bookmarked: false };
