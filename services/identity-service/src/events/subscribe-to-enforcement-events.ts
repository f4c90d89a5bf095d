import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { Revocation } from "@nova/auth";
import {
  consumerGroup,
  type DeliveredEvent,
  idempotentHandler,
  type Subscription,
  serviceTopic,
} from "@nova/events";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import type { ServiceContext } from "../context.ts";
import { processedEvents } from "../db/schema/index.ts";
import { applyAccountEnforcement } from "../domain/apply-enforcement.ts";
import { announceRevocation } from "../domain/revoke-tokens.ts";

/** Consumes `nova.trust-safety-service.events`: suspensions and bans of accounts (and their lifting). */
export function subscribeToEnforcementEvents(ctx: ServiceContext): Promise<Subscription> {
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    topics: [serviceTopic("trust-safety-service")],
    registry: ctx.metrics.registry,
    handler: handleEnforcementEvent(ctx),
  });
}

/** One delivered trust-safety event, applied once (exported for tests, which deliver by hand). */
export function handleEnforcementEvent(ctx: ServiceContext): (event: DeliveredEvent) => Promise<void> {
  // The revocation each event's transaction produced, announced once it has committed.
  const pending = new Map<string, Revocation>();
  const handle = idempotentHandler({
    db: ctx.db.db,
    table: processedEvents,
    consumer: consumerGroup(ctx.config.service.name),
    handle: async (event, tx) => {
      const payload = event.envelope.payload;
      if (event.type !== EnforcementChangedSchema.typeName || !payload) return;
      const e = anyUnpack(payload, EnforcementChangedSchema);
      if (!e?.actionId || !e.subjectId)
        throw new Error(`${event.id}: EnforcementChanged without action_id/subject_id`);
      const revocation = await applyAccountEnforcement(ctx, tx, e);
      if (revocation) pending.set(event.id, revocation);
    },
  });
  return async (event) => {
    try {
      await handle(event);
      // After the commit: every service's view within milliseconds (the event is the durable path).
      await announceRevocation(ctx, pending.get(event.id));
    } finally {
      pending.delete(event.id);
    }
  };
}
