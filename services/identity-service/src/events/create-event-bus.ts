import type { BaseConfig } from "@nova/config";
import { type DatabaseHandle, migrate } from "@nova/db";
import {
  createEmbeddedEventBus,
  createKafkaEventBus,
  EMBEDDED_BUS_MIGRATIONS,
  type EventBus,
} from "@nova/events";
import type { Logger } from "@nova/observability";

/**
 * KAFKA_BROKERS set → Kafka; unset → the embedded bus in the service's database.
 * TODO(kit): user-service has the same function; it belongs in @nova/kit's context.
 */
export async function createEventBus(config: BaseConfig, db: DatabaseHandle, log: Logger): Promise<EventBus> {
  if (config.kafka.brokers) {
    return createKafkaEventBus({ brokers: config.kafka.brokers, clientId: config.service.name, log });
  }
  await migrate(db, EMBEDDED_BUS_MIGRATIONS);
  return createEmbeddedEventBus({ db: db.db, log });
}
