import { InvalidArgumentError, NotFoundError } from "@nova/errors";
import { checkUsername } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import { type ProfileView, toProfileView } from "./profile-view.ts";
import type { Viewer } from "./viewer.ts";

/** A profile by username (case-insensitive), as the viewer may see it; records a visit as getProfile does. */
export async function getProfileByUsername(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { username: string };
  traceparent?: string | undefined;
}): Promise<ProfileView> {
  const check = checkUsername(args.input.username);
  if (!check.ok)
    throw new InvalidArgumentError("username is invalid", [
      { field: "username", message: `username ${check.reason}` },
    ]);
  const record = (await args.ctx.profiles.byUsernames([check.username])).get(check.username);
  if (!record) throw new NotFoundError("user", `@${check.username}`);
  const view = toProfileView(record, args.viewer);
  args.ctx.visits.record({ viewer: args.viewer, profileId: record.id, traceparent: args.traceparent });
  return view;
}
