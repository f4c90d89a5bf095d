import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { type ClickHouseHttpServer, startClickHouseHttpServer } from "../src/index.ts";

// The chDB-backed server is exercised through @clickhouse/client, the client services use.
let server: ClickHouseHttpServer;
let client: ClickHouseClient;

beforeAll(async () => {
  server = await startClickHouseHttpServer({ dataDir: mkdtempSync(join(tmpdir(), "nova-chdb-")), port: 0 });
  client = createClient({ url: server.url, log: { level: ClickHouseLogLevel.OFF } });
});

afterAll(async () => {
  await client.close();
  await server.stop();
});

describe("ClickHouse HTTP server over chDB", () => {
  test("answers ping", async () => {
    expect((await client.ping()).success).toBe(true);
  });

  test("creates, inserts JSONEachRow and selects with typed query parameters", async () => {
    await client.command({
      query: "CREATE TABLE events (id UInt64, name String) ENGINE = MergeTree ORDER BY id",
    });
    await client.insert({
      table: "events",
      values: [
        { id: 1, name: "it's a\ttab" },
        { id: 2, name: "plain" },
      ],
      format: "JSONEachRow",
    });
    const rs = await client.query({
      query:
        "SELECT id, name FROM events WHERE name = {name:String} OR id IN {ids:Array(UInt64)} ORDER BY id",
      query_params: { name: "it's a\ttab", ids: [2] },
      format: "JSONEachRow",
    });
    // 64-bit integers come back quoted, as from a real server over HTTP.
    expect(await rs.json()).toEqual([
      { id: "1", name: "it's a\ttab" },
      { id: "2", name: "plain" },
    ]);
  });

  test("applies per-request settings without leaking them to the next request", async () => {
    const unquoted = await client.query({
      query: "SELECT toUInt64(7) AS n",
      format: "JSONEachRow",
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    expect(await unquoted.json()).toEqual([{ n: 7 }]);
    const quoted = await client.query({ query: "SELECT toUInt64(7) AS n", format: "JSONEachRow" });
    expect(await quoted.json()).toEqual([{ n: "7" }]);
  });

  test("maps engine errors to ClickHouseError with code and type", async () => {
    const err = await client.query({ query: "SELECT * FROM no_such_table" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "60", type: "UNKNOWN_TABLE" });
  });
});
