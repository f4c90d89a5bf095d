import type { ServiceContext } from "../context.ts";
import type { NotificationIntent } from "./intent.ts";
import type { Preferences } from "./preferences-shape.ts";
import { wants } from "./preferences-shape.ts";

/** Why an intent is not delivered (for metrics and tests); null: deliver. */
export type Refusal = "self" | "unwanted" | "silenced" | "not-following" | "cannot-see" | null;

/**
 * The rules every notification passes, in order: never about oneself; the recipient's preferences
 * (the type off on every channel); never pointing at a post the recipient may not see — content
 * decides that by its own rule (BatchCheckPostAccess, the one GetPost applies: the author sees all,
 * `mentioned` posts only the mentioned, followers-only posts and private accounts' posts only
 * approved followers, never across a block); never across a block either way or from an account the
 * recipient mutes (the actor, or the author of the post pointed at); "only from people I follow".
 * Graph or content being down throws (UnavailableError): the bus retries the event, nothing is guessed.
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
  const seen = intent.mustSee ? await ctx.content.access(recipientId, intent.mustSee.postId) : undefined;
  if (seen && !seen.visible) return "cannot-see";
  const authorId = seen?.authorId;
  const others = [actorId, authorId].filter((id): id is string => !!id && id !== recipientId);
  const standings = others.length > 0 ? await ctx.graph.standings(recipientId, others) : new Map();
  if (actorId) {
    const standing = standings.get(actorId);
    if (standing?.silenced) return "silenced";
    if (prefs.onlyFromFollowing && !standing?.following) return "not-following";
  }
  if (authorId && authorId !== recipientId && standings.get(authorId)?.silenced) return "silenced";
  return null;
}
