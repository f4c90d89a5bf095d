import { randomUUID } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { ClickHouseLogLevel, createClient as createClickHouseClient } from "@clickhouse/client";
import { Kafka, logLevel } from "kafkajs";
import neo4j from "neo4j-driver";
import { createElasticsearchClient, createS3Client } from "./engine-clients.ts";
import type { EngineEnv } from "./engine-env.ts";
import { probePostgres, probeRedis } from "./engine-probes.ts";

// Smoke checks of the infra tier: each engine gets a write and a read through its production
// client, so a broken engine or client/engine mismatch shows up before any contract suite runs.

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

async function kafkaCheck(env: EngineEnv, tag: string): Promise<string> {
  const kafka = new Kafka({
    clientId: "nova-smoke",
    brokers: env.KAFKA_BROKERS.split(","),
    logLevel: logLevel.NOTHING,
  });
  const topic = `nova-smoke-${tag}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: "k", value: `hello ${tag}` }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `nova-smoke-${tag}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no message within 30 s")), 30_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        clearTimeout(timer);
        resolve(message.value?.toString() ?? "");
      },
    });
  });
  await consumer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  assert(got === `hello ${tag}`, `consumed ${JSON.stringify(got)}`);
  return "produced and consumed one message (consumer group)";
}

async function neo4jCheck(env: EngineEnv, tag: string): Promise<string> {
  const driver = neo4j.driver(env.NEO4J_URI);
  try {
    await driver.executeQuery("CREATE (:Smoke {tag: $tag})-[:FOLLOWS]->(:Smoke {tag: $tag})", { tag });
    const res = await driver.executeQuery(
      "MATCH (a:Smoke {tag: $tag})-[:FOLLOWS]->(b) RETURN count(b) AS n",
      { tag },
    );
    const n = res.records[0]?.get("n").toNumber();
    await driver.executeQuery("MATCH (n:Smoke {tag: $tag}) DETACH DELETE n", { tag });
    assert(n === 1, `expected 1 path, got ${n}`);
    const info = await driver.getServerInfo();
    return `CREATE/MATCH over Bolt ${info.protocolVersion} (${info.agent})`;
  } finally {
    await driver.close();
  }
}

async function elasticsearchCheck(env: EngineEnv, tag: string): Promise<string> {
  const es = createElasticsearchClient(env.ELASTICSEARCH_URL);
  const index = `nova-smoke-${tag}`;
  try {
    await es.indices.create({
      index,
      mappings: { properties: { text: { type: "text" }, kind: { type: "keyword" } } },
    });
    await es.bulk({
      refresh: true,
      operations: [
        { index: { _index: index, _id: "1" } },
        { text: "hello nova world", kind: "post" },
        { index: { _index: index, _id: "2" } },
        { text: "goodbye", kind: "comment" },
      ],
    });
    const res = await es.search({
      index,
      query: { match: { text: "nova" } },
      highlight: { fields: { text: {} } },
      aggs: { kinds: { terms: { field: "kind" } } },
    });
    const total = typeof res.hits.total === "number" ? res.hits.total : res.hits.total?.value;
    assert(total === 1, `expected 1 hit, got ${total}`);
    assert(res.hits.hits[0]?.highlight?.text?.[0]?.includes("<em>nova</em>"), "highlight missing");
    return "create index, bulk, match + highlight + terms agg";
  } finally {
    await es.indices.delete({ index }).catch(() => undefined);
    await es.close();
  }
}

async function s3Check(env: EngineEnv, tag: string): Promise<string> {
  const ep = {
    endpoint: env.AWS_S3_ENDPOINT,
    region: env.AWS_S3_REGION,
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
  };
  const s3 = createS3Client(ep);
  const Bucket = env.AWS_S3_BUCKET;
  const Key = `smoke/${tag}.txt`;
  try {
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: "hello s3", ContentType: "text/plain" }));
    const got = await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString();
    assert(got === "hello s3", `got ${got}`);
    const list = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: "smoke/" }));
    assert(
      list.Contents?.some((o) => o.Key === Key),
      "object not listed",
    );

    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key: `${Key}.presigned` }), {
      expiresIn: 60,
    });
    const put = await fetch(putUrl, { method: "PUT", body: "via presigned url" });
    assert(put.ok, `presigned PUT ${put.status} ${await put.text()}`);
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: `${Key}.presigned` }), {
      expiresIn: 60,
    });
    const fetched = await (await fetch(getUrl)).text();
    assert(fetched === "via presigned url", `presigned GET returned ${fetched}`);
    const tampered = await fetch(putUrl.replace(/X-Amz-Signature=[0-9a-f]{4}/, "X-Amz-Signature=0000"), {
      method: "PUT",
      body: "x",
    });
    assert(tampered.status === 403, `tampered presigned PUT answered ${tampered.status}`);

    const wrong = createS3Client({ ...ep, secretAccessKey: "not-the-secret" });
    const denied = await wrong.send(new GetObjectCommand({ Bucket, Key })).then(
      () => "accepted",
      (err: { name?: string; $metadata?: { httpStatusCode?: number } }) =>
        `${err.name} ${err.$metadata?.httpStatusCode}`,
    );
    wrong.destroy();
    assert(denied !== "accepted" && denied.includes("403"), `wrong secret: ${denied}`);
    await s3.send(new DeleteObjectCommand({ Bucket, Key }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: `${Key}.presigned` }));
    return `put/get/list, presigned PUT+GET via fetch, tampered signature 403, wrong secret → ${denied}`;
  } finally {
    s3.destroy();
  }
}

async function clickhouseCheck(env: EngineEnv, tag: string): Promise<string> {
  const ch = createClickHouseClient({ url: env.CLICKHOUSE_URL, log: { level: ClickHouseLogLevel.OFF } });
  const table = `smoke_${tag}`;
  try {
    await ch.command({
      query: `CREATE TABLE ${table} (id UInt64, kind LowCardinality(String), at DateTime64(3, 'UTC'), tags Map(String, String)) ENGINE = MergeTree ORDER BY id`,
    });
    await ch.insert({
      table,
      values: [
        { id: 1, kind: "post", at: "2026-01-01 00:00:00.123", tags: { a: "b" } },
        { id: 2, kind: "comment", at: "2026-01-02 00:00:00.000", tags: {} },
      ],
      format: "JSONEachRow",
    });
    const rs = await ch.query({
      query: `SELECT id, kind, count() OVER () AS total FROM ${table} WHERE kind = {kind:String} AND id >= {min:UInt64}`,
      query_params: { kind: "post", min: 1 },
      format: "JSONEachRow",
    });
    const rows = (await rs.json()) as { id: string; kind: string; total: string }[];
    assert(
      rows.length === 1 && rows[0]?.id === "1" && rows[0]?.kind === "post",
      `rows ${JSON.stringify(rows)}`,
    );
    const bad = await ch.query({ query: "SELEC 1" }).then(
      () => "accepted",
      (err: { code?: string; type?: string }) => `${err.code} ${err.type}`,
    );
    assert(bad === "62 SYNTAX_ERROR", `syntax error mapped to ${bad}`);
    return "MergeTree + LowCardinality/DateTime64/Map, insert JSONEachRow, query params, window fn, typed error";
  } finally {
    await ch.command({ query: `DROP TABLE IF EXISTS ${table}` }).catch(() => undefined);
    await ch.close();
  }
}

/** The smoke check of each engine, by engine name; each resolves to a one-line summary. */
export const SMOKE_CHECKS: Record<string, (env: EngineEnv, tag: string) => Promise<string>> = {
  postgres: async (env) => {
    await probePostgres(env.DATABASE_URL);
    return "SELECT 1";
  },
  redis: async (env) => {
    await probeRedis(env.REDIS_URL);
    return "PING";
  },
  kafka: kafkaCheck,
  neo4j: neo4jCheck,
  elasticsearch: elasticsearchCheck,
  s3: s3Check,
  clickhouse: clickhouseCheck,
};

/** Result of one smoke check. */
export interface SmokeResult {
  engine: string;
  ok: boolean;
  ms: number;
  detail: string;
}

/** Runs the named smoke checks (all when empty) one after another against `env`. */
export async function runSmokeChecks(
  env: EngineEnv,
  engines: readonly string[] = [],
): Promise<SmokeResult[]> {
  const names = engines.length > 0 ? engines : Object.keys(SMOKE_CHECKS);
  const tag = randomUUID().slice(0, 8);
  const results: SmokeResult[] = [];
  for (const engine of names) {
    const check = SMOKE_CHECKS[engine];
    const t0 = performance.now();
    if (!check) {
      results.push({ engine, ok: false, ms: 0, detail: `no smoke check for ${engine}` });
      continue;
    }
    try {
      const detail = await check(env, tag);
      results.push({ engine, ok: true, ms: performance.now() - t0, detail });
    } catch (err) {
      results.push({
        engine,
        ok: false,
        ms: performance.now() - t0,
        detail: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return results;
}
