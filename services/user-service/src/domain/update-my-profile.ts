import { create } from "@bufbuild/protobuf";
import { withTransaction } from "@nova/db";
import { ConflictError, InvalidArgumentError, NotFoundError } from "@nova/errors";
import { ProfileUpdatedSchema } from "@nova/proto/user/v1";
import { checkUsername } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import { isUniqueViolation } from "../db/is-unique-violation.ts";
import { findProfileForUpdate, type ProfileChanges, updateProfileRow } from "../db/profile-queries.ts";
import { findSettings } from "../db/settings-queries.ts";
import { checkProfileText } from "../peers/check-profile-text.ts";
import { getMyProfile } from "./get-my-profile.ts";
import { type ProfilePatchInput, profilePatchSchema } from "./profile-input.ts";
import { attachProfileMedia } from "./profile-media.ts";
import type { ProfileView } from "./profile-view.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const usernameTaken = () => new ConflictError("username is already taken", "username");

/**
 * Changes the owner's profile, the username included (shared rules, case-insensitive uniqueness).
 * All or nothing: an invalid field changes nothing. A changed display name, bio or username goes
 * through trust-safety's Check first (refused → 422, nothing saved). Emits ProfileUpdated and
 * invalidates the cache.
 */
export async function updateMyProfile(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: ProfilePatchInput;
  traceparent?: string;
}): Promise<ProfileView> {
  const { ctx } = args;
  const id = requireViewer(args.viewer);
  const patch = validateInput(profilePatchSchema, args.input, "profile");
  let username: string | undefined;
  if (patch.username !== undefined) {
    const check = checkUsername(patch.username);
    if (!check.ok)
      throw new InvalidArgumentError("profile is invalid", [
        { field: "username", message: `username ${check.reason}` },
      ]);
    username = check.username;
  }

  // An empty patch changes nothing, so it writes nothing and announces nothing.
  if (Object.keys(patch).length === 0) return getMyProfile({ ctx, viewer: args.viewer });
  await checkChangedText(ctx, id, patch, username);
  await attachProfileMedia(ctx, id, patch);
  const now = ctx.clock();
  let keys: string[];
  try {
    keys = await withTransaction(ctx.db.db, async (tx) => {
      const current = await findProfileForUpdate(tx, id);
      if (!current) throw new NotFoundError("profile of this account");
      const { username: _u, ...rest } = patch;
      const changes: ProfileChanges = { ...rest, updatedAt: now };
      const renamed = username !== undefined && username !== current.username;
      if (username && renamed) {
        changes.username = username;
        changes.usernameChangedAt = now;
      }
      await updateProfileRow(tx, id, changes);
      const privacy = await findSettings(tx, id);
      await ctx.outbox.enqueue(tx, {
        aggregateId: id,
        schema: ProfileUpdatedSchema,
        payload: create(ProfileUpdatedSchema, {
          profileId: id,
          username: changes.username ?? current.username,
          usernameChanged: renamed,
          previousUsername: renamed ? current.username : "",
          privateAccount: privacy?.privateAccount ?? false,
        }),
        traceparent: args.traceparent,
        occurredAt: now,
      });
      return renamed && username ? [current.username, username] : [current.username];
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw usernameTaken();
    throw err;
  }
  await ctx.profiles.invalidate(id, keys);
  ctx.relay.wake();
  return getMyProfile({ ctx, viewer: args.viewer });
}

/** Only the text fields whose value actually changes are submitted to trust-safety. */
async function checkChangedText(
  ctx: ServiceContext,
  id: string,
  patch: ProfilePatchInput,
  username: string | undefined,
): Promise<void> {
  if (patch.displayName === undefined && patch.bio === undefined && username === undefined) return;
  const current = await findProfileForUpdate(ctx.db.db, id);
  if (!current) throw new NotFoundError("profile of this account");
  await checkProfileText(ctx, id, {
    ...(patch.displayName !== undefined && patch.displayName !== current.displayName
      ? { display_name: patch.displayName }
      : {}),
    ...(patch.bio !== undefined && patch.bio !== current.bio ? { bio: patch.bio } : {}),
    ...(username !== undefined && username !== current.username ? { username } : {}),
  });
}
