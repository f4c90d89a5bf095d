import type { Transaction } from "@nova/db";
import { refreshAccountFlags } from "../db/account-writes.ts";
import { refreshModeration } from "../db/document-writes.ts";
import { recordEnforcement } from "../db/enforcement-writes.ts";
import { syncHashtagUses } from "../db/hashtag-writes.ts";
import { NOTHING_TOUCHED, type Touched } from "../engine/search-engine.ts";

/** The actions search acts on: hide/remove drop a post or comment; limit/suspend/ban an account. */
const DOCUMENT_ACTIONS = new Set(["hide", "remove"]);
const ACCOUNT_ACTIONS = new Set(["limit", "suspend", "ban"]);

export interface Enforcement {
  subjectType: string;
  subjectId: string;
  action: string;
  active: boolean;
}

type Kind = { subjectType: string; action: string };
const onDocument = (e: Kind) =>
  (e.subjectType === "post" || e.subjectType === "comment") && DOCUMENT_ACTIONS.has(e.action);
const onAccount = (e: Kind) => e.subjectType === "account" && ACCOUNT_ACTIONS.has(e.action);

/** Whether search acts on this action (others — labels, messages — are not recorded). */
export function searchActsOn(e: Kind): boolean {
  return onDocument(e) || onAccount(e);
}

/**
 * Applies a moderation action taking effect or being lifted. Hidden documents stay stored (so a
 * lift restores them) but every query filters them and their hashtags stop counting.
 */
export async function applyEnforcement(tx: Transaction, e: Enforcement): Promise<Touched> {
  if (onDocument(e)) {
    await recordEnforcement(tx, e);
    const affected = await refreshModeration(tx, e.subjectId);
    await syncHashtagUses(tx, [e.subjectId, ...affected]);
    return { documents: affected, accounts: [] };
  }
  if (onAccount(e)) {
    await recordEnforcement(tx, e);
    await refreshAccountFlags(tx, e.subjectId);
    return { documents: [], accounts: [e.subjectId] };
  }
  return NOTHING_TOUCHED;
}
