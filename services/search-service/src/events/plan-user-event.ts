import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import { ProfileCreatedSchema, ProfileErasedSchema, ProfileUpdatedSchema } from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { eraseAccount } from "../domain/erase-account.ts";
import { fetchProfile, indexProfile } from "../domain/index-profile.ts";
import type { EventApplication } from "./event-application.ts";

/** user-service's profile events: index the profile (fields read from user-service), or erase it. */
export async function planUserEvent(
  ctx: ServiceContext,
  event: DeliveredEvent,
): Promise<EventApplication | undefined> {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  switch (event.type) {
    case ProfileCreatedSchema.typeName: {
      const e = anyUnpack(payload, ProfileCreatedSchema);
      if (!e?.profileId) return undefined;
      const fields = await fetchProfile(ctx, e.profileId);
      return (tx) => indexProfile(tx, { id: e.profileId, username: e.username, fields });
    }
    case ProfileUpdatedSchema.typeName: {
      const e = anyUnpack(payload, ProfileUpdatedSchema);
      if (!e?.profileId) return undefined;
      const fields = await fetchProfile(ctx, e.profileId);
      return (tx) =>
        indexProfile(tx, { id: e.profileId, username: e.username, privateAccount: e.privateAccount, fields });
    }
    case ProfileErasedSchema.typeName: {
      const e = anyUnpack(payload, ProfileErasedSchema);
      if (!e?.profileId) return undefined;
      return (tx) => eraseAccount(tx, e.profileId);
    }
    default:
      return undefined;
  }
}
