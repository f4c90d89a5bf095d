import { UnavailableError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { extractMentions } from "./post-text.ts";

/**
 * The accounts a text mentions, as the author may mention them: names that resolve (user-service),
 * not the author, no block either way, and the mentioned account's "who can mention me" setting
 * honoured (graph-service). A peer that cannot answer makes the write fail with 503 rather than
 * publish with mentions silently dropped.
 */
export async function resolveMentions(
  ctx: ServiceContext,
  authorId: string,
  text: string,
): Promise<string[]> {
  const names = extractMentions(text);
  if (names.length === 0) return [];
  const targets = await ctx.peers.resolveUsernames(names).catch((err) => {
    throw new UnavailableError("mentions cannot be resolved right now; try again", { cause: err });
  });
  const candidates = [...new Set(names.map((n) => targets.get(n)).filter((t) => !!t && t.id !== authorId))];
  if (candidates.length === 0) return [];
  const rels = await ctx.peers
    .relationships(
      authorId,
      candidates.map((t) => t?.id ?? ""),
    )
    .catch((err) => {
      throw new UnavailableError("mentions cannot be checked right now; try again", { cause: err });
    });
  const out: string[] = [];
  for (const t of candidates) {
    if (!t) continue;
    const rel = rels.get(t.id);
    if (rel?.blocked) continue;
    if (t.whoCanMention === "nobody") continue;
    // "following": the mentioned account accepts mentions from accounts it follows.
    if (t.whoCanMention === "following" && !rel?.followedBy) continue;
    out.push(t.id);
  }
  return out;
}
