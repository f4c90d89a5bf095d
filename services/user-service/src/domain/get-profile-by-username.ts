import { InvalidArgumentError, NotFoundError } from "@nova/errors";
import { checkUsername } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import { type ProfileView, toProfileView } from "./profile-view.ts";
import type { Viewer } from "./viewer.ts";

/** A profile by username (case-insensitive), as the viewer may see it. */
export async function getProfileByUsername(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { username: string };
}): Promise<ProfileView> {
  const check = checkUsername(args.input.username);
  if (!check.ok)
    throw new InvalidArgumentError("username is invalid", [
      { field: "username", message: `username ${check.reason}` },
    ]);
  const record = (await args.ctx.profiles.byUsernames([check.username])).get(check.username);
  if (!record) throw new NotFoundError("user", `@${check.username}`);
  return toProfileView(record, args.viewer);
}
