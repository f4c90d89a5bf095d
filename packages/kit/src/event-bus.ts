import { migrate, pendingCount } from "@nova/db";
import {
  createEmbeddedEventBus,
  createKafkaEventBus,
  EMBEDDED_BUS_MIGRATIONS,
  type EventBus,
} from "@nova/events";
import type { BaseContext } from "./base-context.ts";

/**
 * The service's event bus: Kafka when KAFKA_BROKERS is set, otherwise the embedded bus in the
 * service's database (`nova_bus` schema). Like the service's own schema, `nova_bus` is migrated
 * at start only on the embedded PGlite; on a real PostgreSQL readiness waits for
 * `bun run db:migrate`. Closed with the context.
 */
export async function createServiceEventBus(ctx: BaseContext): Promise<EventBus> {
  const { config, db, log } = ctx;
  let bus: EventBus;
  if (config.kafka.brokers) {
    bus = createKafkaEventBus({ brokers: config.kafka.brokers, clientId: config.service.name, log });
  } else {
    if (!db) throw new Error(`${config.service.name}: the embedded event bus needs the service's database`);
    if (db.kind === "pglite") {
      await migrate(db, EMBEDDED_BUS_MIGRATIONS);
    } else {
      ctx.health.add({
        name: "event-bus-migrations",
        check: async () => {
          const pending = await pendingCount(db, EMBEDDED_BUS_MIGRATIONS);
          if (pending > 0)
            throw new Error(`${pending} event-bus migration(s) pending; run bun run db:migrate`);
        },
      });
    }
    bus = createEmbeddedEventBus({ db: db.db, log });
  }
  ctx.onClose(() => bus.close());
  return bus;
}
