import { clickhouseEngine } from "./clickhouse.ts";
import { elasticsearchEngine } from "./elasticsearch.ts";
import type { Engine } from "./engine.ts";
import { kafkaEngine } from "./kafka.ts";
import { postgresEngine, redisEngine } from "./machine-services.ts";
import { neo4jEngine } from "./neo4j.ts";
import { s3Engine } from "./s3.ts";

export type { Engine } from "./engine.ts";

/** Every engine of the infra tier, by the name used on the command line. */
export const ENGINES: Record<string, () => Engine> = {
  postgres: postgresEngine,
  redis: redisEngine,
  kafka: kafkaEngine,
  neo4j: neo4jEngine,
  elasticsearch: elasticsearchEngine,
  s3: s3Engine,
  clickhouse: clickhouseEngine,
};

const ALIASES: Record<string, string> = {
  es: "elasticsearch",
  pg: "postgres",
  ch: "clickhouse",
  minio: "s3",
};

/** Resolves command-line names (all engines when none given); throws on an unknown name. */
export function selectEngines(names: string[]): Engine[] {
  const wanted = names.length > 0 ? names.map((n) => ALIASES[n] ?? n) : Object.keys(ENGINES);
  const unknown = wanted.filter((n) => !(n in ENGINES));
  if (unknown.length > 0) {
    throw new Error(`unknown engine(s): ${unknown.join(", ")}; known: ${Object.keys(ENGINES).join(", ")}`);
  }
  return [...new Set(wanted)].map((n) => (ENGINES[n] as () => Engine)());
}
