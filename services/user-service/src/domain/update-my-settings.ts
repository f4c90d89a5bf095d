import { create } from "@bufbuild/protobuf";
import { withTransaction } from "@nova/db";
import { NotFoundError } from "@nova/errors";
import { ProfileUpdatedSchema } from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { findProfileForUpdate } from "../db/profile-queries.ts";
import { updateSettingsRow } from "../db/settings-queries.ts";
import { getMySettings } from "./get-my-settings.ts";
import { type SettingsPatchInput, settingsPatchSchema } from "./settings-input.ts";
import { type SettingsView, toSettingsView } from "./settings-view.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Changes the owner's settings. Privacy changes others act on (private account, who may message or
 * mention) invalidate the cached profile and are announced as ProfileUpdated.
 */
export async function updateMySettings(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: SettingsPatchInput;
  traceparent?: string;
}): Promise<SettingsView> {
  const { ctx } = args;
  const id = requireViewer(args.viewer);
  const patch = validateInput(settingsPatchSchema, args.input, "settings");
  // An empty patch changes nothing, so it writes nothing and announces nothing.
  if (Object.keys(patch).length === 0) return getMySettings({ ctx, viewer: args.viewer });
  const now = ctx.clock();
  const { row, username } = await withTransaction(ctx.db.db, async (tx) => {
    const profile = await findProfileForUpdate(tx, id);
    if (!profile) throw new NotFoundError("profile of this account");
    const updated = await updateSettingsRow(tx, id, { ...patch, updatedAt: now });
    if (!updated) throw new NotFoundError("profile of this account");
    await ctx.outbox.enqueue(tx, {
      aggregateId: id,
      schema: ProfileUpdatedSchema,
      payload: create(ProfileUpdatedSchema, {
        profileId: id,
        username: profile.username,
        privateAccount: updated.privateAccount,
      }),
      traceparent: args.traceparent,
      occurredAt: now,
    });
    return { row: updated, username: profile.username };
  });
  await ctx.profiles.invalidate(id, [username]);
  ctx.relay.wake();
  return toSettingsView(row);
}
