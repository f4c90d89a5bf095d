import { NotFoundError, PermissionDeniedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findProfileRecords } from "../db/profile-queries.ts";
import { findSettings } from "../db/settings-queries.ts";
import { type ProfileView, toProfileView } from "./profile-view.ts";
import { type SettingsView, toSettingsView } from "./settings-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** Everything user-service holds about the caller's account, for identity's data export. */
export async function exportAccountData(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { accountId: string };
}): Promise<{ profile: ProfileView; settings: SettingsView }> {
  const id = requireViewer(args.viewer);
  if (args.input.accountId !== id) throw new PermissionDeniedError("an account can export only its own data");
  const [profile] = await findProfileRecords(args.ctx.db.db, [id]);
  const settings = await findSettings(args.ctx.db.db, id);
  if (!profile || !settings) throw new NotFoundError("profile of this account");
  return { profile: toProfileView(profile, args.viewer), settings: toSettingsView(settings) };
}
