import neo4j from "neo4j-driver";
import type { GraphStore } from "../graph-store.ts";
import { neo4jGraphReads } from "./neo4j-graph-reads.ts";
import { neo4jGraphWrites } from "./neo4j-graph-writes.ts";

export interface Neo4jGraphStoreOptions {
  uri: string;
  user?: string | undefined;
  password?: string | undefined;
  /** Connection attempts at start before giving up (a configured engine that is missing is fatal). */
  startAttempts?: number;
}

/**
 * The production graph store: accounts as `(:Account {id})`, edges as FOLLOWS / REQUESTED / BLOCKS /
 * MUTES with an `at` (epoch ms). Verifies connectivity and creates the uniqueness constraint at
 * start, so a wrong NEO4J_URI fails the process at once with a clear message.
 */
export async function createNeo4jGraphStore(options: Neo4jGraphStoreOptions): Promise<GraphStore> {
  const auth = options.password ? neo4j.auth.basic(options.user ?? "neo4j", options.password) : undefined;
  const driver = neo4j.driver(options.uri, auth, {
    disableLosslessIntegers: true,
    connectionTimeout: 3000,
    // Reads retry inside the driver; writes use explicit transactions (see writeTx) and never do.
    maxTransactionRetryTime: 5000,
  });
  const attempts = options.startAttempts ?? 4;
  for (let i = 1; ; i++) {
    try {
      // verifyConnectivity does not retry, so a missing engine fails in seconds, not after back-off.
      await driver.verifyConnectivity();
      await driver.executeQuery(
        "CREATE CONSTRAINT graph_account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE",
      );
      break;
    } catch (err) {
      if (i >= attempts) {
        await driver.close();
        throw new Error(`NEO4J_URI: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      await Bun.sleep(500 * i);
    }
  }
  return {
    kind: "neo4j",
    ...neo4jGraphWrites(driver),
    ...neo4jGraphReads(driver),
    async ping() {
      await driver.executeQuery("RETURN 1");
    },
    close: () => driver.close(),
  };
}
