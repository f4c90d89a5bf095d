import { CreateBucketCommand, HeadBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { ClickHouseLogLevel, createClient as createClickHouseClient } from "@clickhouse/client";
import { Kafka, logLevel } from "kafkajs";
import neo4j from "neo4j-driver";
import postgres from "postgres";
import { createS3Client, type S3Endpoint } from "./engine-clients.ts";

// Each probe performs one real round trip with the engine's production client and throws when
// the engine cannot answer it yet. Probes open and close their own connections.

/** Kafka is ready when a metadata request (admin listTopics) succeeds. */
export async function probeKafka(brokers: string): Promise<void> {
  const kafka = new Kafka({
    clientId: "nova-infra-probe",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Elasticsearch is ready when `_cluster/health` reports yellow or green. */
export async function probeElasticsearch(url: string): Promise<void> {
  const res = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, {
    signal: AbortSignal.timeout(3000),
  });
  const body = (await res.json()) as { status?: string };
  if (res.headers.get("x-elastic-product") !== "Elasticsearch")
    throw new Error("not an Elasticsearch server");
  if (body.status !== "yellow" && body.status !== "green") throw new Error(`cluster status ${body.status}`);
}

/** Neo4j is ready when Cypher `RETURN 1` runs over Bolt. */
export async function probeNeo4j(uri: string): Promise<void> {
  const driver = neo4j.driver(uri, undefined, {
    connectionTimeout: 2000,
    maxConnectionPoolSize: 1,
    maxTransactionRetryTime: 0,
  });
  try {
    const res = await driver.executeQuery("RETURN 1 AS one");
    if (res.records[0]?.get("one").toNumber() !== 1) throw new Error("unexpected RETURN 1 result");
  } finally {
    await driver.close();
  }
}

/** S3 is ready when a SigV4-signed ListBuckets succeeds. */
export async function probeS3(ep: S3Endpoint): Promise<void> {
  const s3 = createS3Client(ep);
  try {
    await s3.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(3000) });
  } finally {
    s3.destroy();
  }
}

/** Creates `bucket` unless it exists. */
export async function ensureS3Bucket(ep: S3Endpoint, bucket: string): Promise<void> {
  const s3 = createS3Client(ep);
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket })).catch(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    });
  } finally {
    s3.destroy();
  }
}

/** ClickHouse is ready when `SELECT 1` answers over HTTP. */
export async function probeClickHouse(url: string): Promise<void> {
  const client = createClickHouseClient({
    url,
    request_timeout: 3000,
    log: { level: ClickHouseLogLevel.OFF },
  });
  try {
    const rs = await client.query({ query: "SELECT 1 AS one", format: "JSONEachRow" });
    const rows = (await rs.json()) as { one: number }[];
    if (rows[0]?.one !== 1) throw new Error("unexpected SELECT 1 result");
  } finally {
    await client.close();
  }
}

/** PostgreSQL is ready when `SELECT 1` runs. */
export async function probePostgres(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => undefined });
  try {
    await sql`SELECT 1`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Redis is ready when it answers PING with PONG (raw RESP over TCP; no client needed). */
export async function probeRedis(url: string): Promise<void> {
  const u = new URL(url);
  const reply = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("redis: PING timed out")), 2000);
    Bun.connect({
      hostname: u.hostname,
      port: Number(u.port || 6379),
      socket: {
        open(s) {
          s.write("PING\r\n");
        },
        data(s, chunk) {
          clearTimeout(timer);
          resolve(Buffer.from(chunk).toString());
          s.end();
        },
        error(_s, err) {
          clearTimeout(timer);
          reject(err);
        },
        connectError(_s, err) {
          clearTimeout(timer);
          reject(err);
        },
      },
    }).catch(reject);
  });
  if (!reply.startsWith("+PONG")) throw new Error(`redis: unexpected PING reply ${JSON.stringify(reply)}`);
}
