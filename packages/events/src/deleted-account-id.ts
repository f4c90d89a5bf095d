import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import type { DeliveredEvent } from "./event-bus.ts";

/**
 * The account identity-service's `AccountDeleted` is about, or undefined for any other event: what
 * every service that erases an account's data on deletion reads. An AccountDeleted without an
 * account id throws (the bus retries, then dead-letters it) rather than erasing nothing silently.
 */
export function deletedAccountId(event: DeliveredEvent): string | undefined {
  if (event.type !== AccountDeletedSchema.typeName || !event.envelope.payload) return undefined;
  const id = anyUnpack(event.envelope.payload, AccountDeletedSchema)?.accountId;
  if (!id) throw new Error(`${event.id}: ${event.type} without an account id`);
  return id;
}
