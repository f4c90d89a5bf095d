import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import { applyEnforcement } from "../domain/apply-enforcement.ts";
import type { EventApplication } from "./event-application.ts";

/** trust-safety's EnforcementChanged: hide/remove a post or comment, limit/suspend/ban an account. */
export function planEnforcementEvent(event: DeliveredEvent): EventApplication | undefined {
  const payload = event.envelope.payload;
  if (!payload || event.type !== EnforcementChangedSchema.typeName) return undefined;
  const e = anyUnpack(payload, EnforcementChangedSchema);
  if (!e?.subjectId) return undefined;
  const enforcement = {
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    action: e.action,
    active: e.active,
  };
  return (tx) => applyEnforcement(tx, enforcement);
}
