import type { ServiceContext } from "../context.ts";
import type { NotificationIntent } from "./intent.ts";
import type { Preferences } from "./preferences-shape.ts";
import { wants } from "./preferences-shape.ts";

/** Why an intent is not delivered (for metrics and tests); null: deliver. */
export type Refusal = "self" | "unwanted" | "silenced" | "not-following" | "cannot-see" | null;

/**
 * The rules every notification passes, in order: never about oneself; the recipient's preferences
 * (the type off on every channel; "only from people I follow"); never across a block either way or
 * from an account the recipient mutes; never pointing at a post the recipient may not see
 * (content's rules: the author sees all, `mentioned` posts only the mentioned, followers-only posts
 * and private accounts' posts only approved followers; anything else must be public). Graph or
 * content being down throws (UnavailableError): the bus retries the event, nothing is guessed.
 */
export async function refusalOf(
  ctx: ServiceContext,
  intent: NotificationIntent,
  prefs: Preferences,
): Promise<Refusal> {
  const { recipientId, actorId } = intent;
  if (actorId === recipientId) return "self";
  if (
    !wants(prefs, intent.type, "inApp") &&
    !wants(prefs, intent.type, "push") &&
    !wants(prefs, intent.type, "email")
  )
    return "unwanted";
  const seen = intent.mustSee;
  const authorId = seen?.authorId;
  const others = [actorId, authorId].filter((id): id is string => !!id && id !== recipientId);
  const standings = others.length > 0 ? await ctx.graph.standings(recipientId, others) : new Map();
  if (actorId) {
    const standing = standings.get(actorId);
    if (standing?.silenced) return "silenced";
    if (prefs.onlyFromFollowing && !standing?.following) return "not-following";
  }
  if (seen && authorId !== recipientId) {
    if (authorId && standings.get(authorId)?.silenced) return "silenced";
    if (seen.visibility === "mentioned") {
      if (!seen.mentioned?.includes(recipientId)) return "cannot-see";
    } else if (!(await ctx.content.isPublic(seen.postId))) {
      const follows = authorId ? standings.get(authorId)?.seesFollowersOnly : false;
      if (!follows) return "cannot-see";
    }
  }
  return null;
}
