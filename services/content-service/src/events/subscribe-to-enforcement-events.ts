import { anyUnpack } from "@bufbuild/protobuf/wkt";
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
import { applyEnforcement } from "../domain/apply-enforcement.ts";

// A consumer of its own (group nova-content-service.enforcement): trust-safety's events never wait
// behind identity's, and the account-events subscription stays as it was.
const CONSUMER = "enforcement";

/**
 * Consumes `nova.trust-safety-service.events`: EnforcementChanged on posts and accounts, each event
 * applied once (processed-events ledger in the same transaction as its effect). AppealDecided is
 * notification-service's; an overturn arrives here as EnforcementChanged(active=false).
 */
export function subscribeToEnforcementEvents(ctx: ServiceContext): Promise<Subscription> {
  const handle = handleEnforcementEvent(ctx);
  return ctx.bus.subscribe({
    service: ctx.config.service.name,
    consumer: CONSUMER,
    topics: [serviceTopic("trust-safety-service")],
    registry: ctx.metrics.registry,
    handler: handle,
  });
}

/** The handler of one delivered trust-safety event (exported for tests, which deliver by hand). */
export function handleEnforcementEvent(ctx: ServiceContext): (event: DeliveredEvent) => Promise<void> {
  const service = ctx.config.service.name;
  const handle = idempotentHandler({
    db: ctx.db.db,
    table: processedEvents,
    consumer: `${consumerGroup(service)}.${CONSUMER}`,
    handle: async (event, tx) => {
      const payload = event.envelope.payload;
      if (event.type !== EnforcementChangedSchema.typeName || !payload) return;
      const e = anyUnpack(payload, EnforcementChangedSchema);
      if (!e?.actionId || !e.subjectId)
        throw new Error(`${event.id}: EnforcementChanged without action_id/subject_id`);
      await applyEnforcement(ctx, tx, e, { traceparent: event.traceparent, at: ctx.clock() });
    },
  });
  return async function handleEnforcement(event) {
    await handle(event);
    ctx.relay.wake();
  };
}
