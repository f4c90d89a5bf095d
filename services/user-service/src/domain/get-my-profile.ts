import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { type ProfileView, toProfileView } from "./profile-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** The signed-in account's own profile, private fields included. */
export async function getMyProfile(args: { ctx: ServiceContext; viewer: Viewer }): Promise<ProfileView> {
  const id = requireViewer(args.viewer);
  const record = (await args.ctx.profiles.byIds([id])).get(id);
  // A valid token without a profile: the account was deleted, or its profile is still being created.
  if (!record) throw new NotFoundError("profile of this account");
  return toProfileView(record, args.viewer);
}
