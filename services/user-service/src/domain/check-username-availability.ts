import { checkUsername } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import { findProfileIdsByUsernames } from "../db/profile-queries.ts";
import type { Viewer } from "./viewer.ts";

export interface UsernameAvailability {
  /** Canonical form when valid, else as given. */
  username: string;
  available: boolean;
  /** Why not, when unavailable: "taken" or the shared rule the name breaks. */
  reason: string | null;
}

/**
 * Whether `username` could be taken now. A name the viewer already holds counts as available to
 * them (renaming to it is a no-op). Answers, never throws, for rule violations: the
 * client shows the reason next to the field.
 */
export async function checkUsernameAvailability(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { username: string };
}): Promise<UsernameAvailability> {
  const check = checkUsername(args.input.username);
  if (!check.ok)
    return { username: args.input.username, available: false, reason: `username ${check.reason}` };
  // Straight from the database: a stale "available" here would promise a name that is gone.
  const holder = (await findProfileIdsByUsernames(args.ctx.db.db, [check.username])).get(check.username);
  if (holder && holder !== args.viewer?.accountId)
    return { username: check.username, available: false, reason: "taken" };
  return { username: check.username, available: true, reason: null };
}
