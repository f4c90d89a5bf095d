import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findSettings } from "../db/settings-queries.ts";
import { type SettingsView, toSettingsView } from "./settings-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** The signed-in account's settings. There is no way to name another account: only owners read settings. */
export async function getMySettings(args: { ctx: ServiceContext; viewer: Viewer }): Promise<SettingsView> {
  const id = requireViewer(args.viewer);
  const row = await findSettings(args.ctx.db.db, id);
  if (!row) throw new NotFoundError("profile of this account");
  return toSettingsView(row);
}
