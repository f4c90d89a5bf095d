import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { Transaction } from "@nova/db";
import type { DeliveredEvent } from "@nova/events";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import { ProfileCreatedSchema, ProfileErasedSchema, ProfileUpdatedSchema } from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { recordAccountLimit } from "../domain/record-account-limit.ts";
import { recordAccountPrivacy } from "../domain/record-account-privacy.ts";

/** The account a deletion event (identity's AccountDeleted, user's ProfileErased) is about, if it is one. */
export function erasedAccountId(event: DeliveredEvent): string | undefined {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  const id =
    event.type === AccountDeletedSchema.typeName
      ? anyUnpack(payload, AccountDeletedSchema)?.accountId
      : event.type === ProfileErasedSchema.typeName
        ? anyUnpack(payload, ProfileErasedSchema)?.profileId
        : undefined;
  if (id === "") throw new Error(`${event.id}: ${event.type} without an account id`);
  return id;
}

/**
 * The events applied through the ledger: profile created/updated (graph's copy of the private flag)
 * and trust-safety's EnforcementChanged (an account's `limit`); others need no ledger row.
 */
export const PROFILE_EVENTS_APPLIED: ReadonlySet<string> = new Set([
  ProfileCreatedSchema.typeName,
  ProfileUpdatedSchema.typeName,
  EnforcementChangedSchema.typeName,
]);

/**
 * Applies a profile event (private flag) inside the idempotent consumer's transaction. Other event
 * types are not ours to act on here: ignored.
 */
export async function applyProfileEvent(
  ctx: ServiceContext,
  event: DeliveredEvent,
  tx: Transaction,
): Promise<void> {
  const payload = event.envelope.payload;
  if (!payload) return;
  if (event.type === ProfileCreatedSchema.typeName) {
    const created = anyUnpack(payload, ProfileCreatedSchema);
    if (!created?.profileId) throw new Error(`${event.id}: ProfileCreated without profile_id`);
    // A new profile is public (user-service's default); ProfileUpdated carries later changes.
    await recordAccountPrivacy({ ctx, tx, input: { accountId: created.profileId, privateAccount: false } });
  } else if (event.type === EnforcementChangedSchema.typeName) {
    const e = anyUnpack(payload, EnforcementChangedSchema);
    if (!e?.subjectId) throw new Error(`${event.id}: EnforcementChanged without subject_id`);
    if (e.subjectType === "account" && e.action === "limit")
      await recordAccountLimit(tx, { accountId: e.subjectId, active: e.active, at: ctx.clock() });
  } else if (event.type === ProfileUpdatedSchema.typeName) {
    const updated = anyUnpack(payload, ProfileUpdatedSchema);
    if (!updated?.profileId) throw new Error(`${event.id}: ProfileUpdated without profile_id`);
    await recordAccountPrivacy({
      ctx,
      tx,
      input: { accountId: updated.profileId, privateAccount: updated.privateAccount },
    });
  }
}
