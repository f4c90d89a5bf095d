import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import type { ServiceContext } from "../context.ts";

/**
 * Applies trust-safety's EnforcementChanged where feed owns the effect: an account's `limit` in
 * force adds it to the limited accounts (explore and for-you's trending leave it out for
 * non-followers), lifted removes it. Post hide/remove reach feed as content's PostHidden, and
 * suspend/ban hide the account's posts in content: nothing else to do here. Idempotent (an insert
 * that ignores a conflict, or a delete).
 */
export async function applyEnforcementEvent(ctx: ServiceContext, event: DeliveredEvent): Promise<void> {
  const payload = event.envelope.payload;
  if (!payload || event.type !== EnforcementChangedSchema.typeName) return;
  const e = anyUnpack(payload, EnforcementChangedSchema);
  if (!e?.subjectId) throw new Error(`${event.id}: ${event.type} without subject_id`);
  if (e.subjectType !== "account" || e.action !== "limit") return;
  if (e.active) await ctx.limited.limit(e.subjectId, ctx.clock());
  else await ctx.limited.lift(e.subjectId);
}
