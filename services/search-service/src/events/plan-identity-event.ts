import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { eraseAccount } from "../domain/erase-account.ts";
import type { EventApplication } from "./event-application.ts";

/** identity's AccountDeleted (delivered twice: at deletion and by the sweep) erases the account here. */
export function planIdentityEvent(event: DeliveredEvent): EventApplication | undefined {
  const payload = event.envelope.payload;
  if (!payload || event.type !== AccountDeletedSchema.typeName) return undefined;
  const e = anyUnpack(payload, AccountDeletedSchema);
  if (!e?.accountId) throw new Error(`${event.id}: AccountDeleted without account_id`);
  return (tx) => eraseAccount(tx, e.accountId);
}
