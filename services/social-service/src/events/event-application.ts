import type { Transaction } from "@nova/db";

/** A peer event's effect, run inside the idempotent consumer's transaction; returns its after-commit step. */
export type EventApplication = (tx: Transaction) => Promise<(() => Promise<void>) | undefined>;
