import { afterAll, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Int32ValueSchema } from "@bufbuild/protobuf/wkt";
import { PGlite } from "@electric-sql/pglite";
import { createPgliteHandle, type DatabaseHandle, PGLITE_EXTENSIONS } from "@nova/db";
import { createOutbox, createOutboxRelay } from "@nova/outbox";
import { pgliteTemplate, silentLogger } from "@nova/testing";
import {
  createEmbeddedEventBus,
  type DeliveredEvent,
  EMBEDDED_BUS_MIGRATIONS,
  type EventBus,
} from "../src/index.ts";
import { contractOutbox, EVENTS_CONTRACT_MIGRATIONS, waitUntil } from "../src/testing/index.ts";

const log = silentLogger();
let dir: string | undefined;

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function openPersisted(path: string, template?: Blob): Promise<DatabaseHandle> {
  const client = await PGlite.create({
    dataDir: path,
    extensions: PGLITE_EXTENSIONS,
    ...(template ? { loadDataDir: template } : {}),
  });
  return createPgliteHandle(client, { debugSql: false, log, release: () => client.close() });
}

test("embedded consumer offsets and unpublished outbox rows survive closing and reopening PGlite", async () => {
  dir = await mkdtemp(join(tmpdir(), "nova-events-restart-"));
  const template = await pgliteTemplate([EMBEDDED_BUS_MIGRATIONS, EVENTS_CONTRACT_MIGRATIONS]);
  const outbox = createOutbox({ service: "restart-test", table: contractOutbox });
  const enqueue = (db: DatabaseHandle["db"], seqs: number[]) =>
    db.transaction(async (tx) => {
      for (const seq of seqs)
        await outbox.enqueue(tx, { aggregateId: "k", schema: Int32ValueSchema, payload: { value: seq } });
    });
  const run = async (db: DatabaseHandle["db"], until: number, seen: DeliveredEvent[]) => {
    const bus: EventBus = createEmbeddedEventBus({ db, log, pollIntervalMs: 10 });
    await bus.subscribe({
      service: "restart-consumer",
      topics: [outbox.topic],
      handler: async (e) => void seen.push(e),
    });
    const relay = createOutboxRelay({ db, outbox, publisher: bus, log, pollIntervalMs: 10 });
    relay.start();
    await waitUntil(`${until} events seen`, () => seen.length >= until);
    await relay.stop();
    await bus.close();
  };

  const first = await openPersisted(join(dir, "pgdata"), template);
  const before: DeliveredEvent[] = [];
  await enqueue(first.db, [1, 2, 3]);
  await run(first.db, 3, before);
  await enqueue(first.db, [4, 5]); // committed, never relayed: the process "stops" here
  await first.close();

  const second = await openPersisted(join(dir, "pgdata"));
  const after: DeliveredEvent[] = [];
  try {
    await run(second.db, 2, after);
  } finally {
    await second.close();
  }
  expect(before.length).toBe(3);
  expect(after.map((e) => e.aggregateId)).toEqual(["k", "k"]);
  expect(new Set([...before, ...after].map((e) => e.id)).size).toBe(5);
});
