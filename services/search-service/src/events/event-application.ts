import type { Transaction } from "@nova/db";
import type { Touched } from "../engine/search-engine.ts";

/** A peer event's effect, run inside the idempotent consumer's transaction; returns the rows it changed. */
export type EventApplication = (tx: Transaction) => Promise<Touched>;
