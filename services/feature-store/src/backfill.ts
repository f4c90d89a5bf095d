/**
 * Rebuilds feature-store's states, offline history and online cache from the event history:
 *   bun run services/feature-store/src/backfill.ts [--idle-seconds=10]
 * Without KAFKA_BROKERS it reads the embedded bus log (`nova_bus.log`) directly; with Kafka it reads
 * the topics from the beginning through a fresh consumer group and ends once nothing arrived for
 * `--idle-seconds`. Stop the service's consumer first (see rebuildFromHistory).
 */
import { serviceTopic } from "@nova/events";
import { loadServiceConfig } from "./config.ts";
import { createContext } from "./context.ts";
import { rebuildFromHistory } from "./domain/rebuild-from-history.ts";
import { SOURCE_SERVICES } from "./domain/source-event-types.ts";
import { readEmbeddedHistory } from "./events/read-embedded-history.ts";
import { replayTopics } from "./events/replay-topics.ts";

const idleArg = process.argv.find((a) => a.startsWith("--idle-seconds="));
const idleSeconds = idleArg ? Number(idleArg.split("=")[1]) : 10;
if (!(idleSeconds > 0)) {
  console.error("backfill: --idle-seconds must be a positive number");
  process.exit(2);
}
const config = loadServiceConfig(process.env);
const ctx = await createContext(config, { noBackgroundWork: true, processMetrics: false });
try {
  const started = performance.now();
  const topics = SOURCE_SERVICES.map((s) => serviceTopic(s));
  const history =
    ctx.bus.kind === "kafka"
      ? replayTopics({ bus: ctx.bus, service: config.service.name, topics, idleMs: idleSeconds * 1000 })
      : readEmbeddedHistory(ctx.db.db, topics);
  const result = await rebuildFromHistory({ ctx, history });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `backfill: ${result.read} events read, ${result.materialised} materialised from ${topics.join(", ")} ` +
      `(${ctx.bus.kind} bus) in ${seconds.toFixed(1)} s (offline store: ${ctx.offline.kind})`,
  );
} finally {
  await ctx.close();
}
