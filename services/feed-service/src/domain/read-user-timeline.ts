import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { hydratePage } from "./hydrate-page.ts";
import type { TimelinePage, Viewer } from "./read-home-timeline.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One account's posts (top-level and quotes), newest first, as the viewer may see them: content
 * applies visibility with the viewer's token (anonymous callers see public posts of public
 * accounts). Reposts are not listed: social-service has no RPC listing an account's reposts yet.
 */
export async function readUserTimeline({
  ctx,
  viewer,
  input,
}: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { userId: string; cursor?: string | undefined; limit: number; withEngagement?: boolean };
}): Promise<TimelinePage> {
  if (!UUID.test(input.userId))
    throw new InvalidArgumentError("invalid user id", [{ field: "id", message: "must be a UUID" }]);
  const page = await ctx.content.postsByAuthors([input.userId], input.limit, input.cursor ?? "");
  const items = await hydratePage(ctx, viewer?.accountId, { posts: page.posts }, input.withEngagement);
  return { items, nextCursor: page.nextCursor || null };
}
