import type { ServiceContext } from "../context.ts";
import type { NewPostNote } from "../updates/home-updates-hub.ts";

/**
 * Tells the viewers with an open home-update stream, on every replica, that a followed author
 * published (one pub/sub message per post, after the fan-out). Best effort: the notification is a
 * hint to reload, so a cache failure is logged and the event's other effects still count; it never
 * makes the event be redelivered (which would repeat the fan-out). A redelivered PostCreated does
 * notify again: a spurious "new posts" whose reload shows nothing new.
 */
export async function announceNewPost({ ctx, input }: { ctx: ServiceContext; input: NewPostNote }) {
  try {
    await ctx.homeUpdates.announcePost(input);
  } catch (err) {
    ctx.log.warn("home updates: announcing a new post failed", { postId: input.postId, err });
  }
}
