import type { Transaction } from "@nova/db";
import { and, eq, inArray } from "drizzle-orm";
import { devices, envelopes, members, oneTimePreKeys } from "../db/schema/index.ts";

/**
 * Forgets an account (identity's AccountDeleted): its devices and keys, envelopes queued for it, and
 * its memberships (it leaves every conversation). Idempotent: a second run finds nothing.
 */
export async function eraseAccountChat(tx: Transaction, accountId: string): Promise<void> {
  await tx.delete(envelopes).where(eq(envelopes.accountId, accountId));
  await tx.delete(oneTimePreKeys).where(eq(oneTimePreKeys.accountId, accountId));
  await tx.delete(devices).where(eq(devices.accountId, accountId));
  await tx
    .update(members)
    .set({ state: "left", role: "member" })
    .where(and(eq(members.accountId, accountId), inArray(members.state, ["active", "request"])));
}
