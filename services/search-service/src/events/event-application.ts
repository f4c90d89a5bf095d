import type { Transaction } from "@nova/db";

/** A peer event's effect, run inside the idempotent consumer's transaction. */
export type EventApplication = (tx: Transaction) => Promise<void>;
