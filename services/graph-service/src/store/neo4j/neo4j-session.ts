import neo4j, { type Driver, type ManagedTransaction, type Transaction } from "neo4j-driver";

/** Parameters as Neo4j wants them: integers (limits, epoch ms) as Integer, not Float. */
export const int = (n: number) => neo4j.int(n);

/** One read in a managed read transaction; records as plain objects. */
export async function readRows<T>(
  driver: Driver,
  cypher: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(async (tx: ManagedTransaction) => {
      const res = await tx.run(cypher, params);
      return res.records.map((r) => r.toObject() as T);
    });
  } finally {
    await session.close();
  }
}

/**
 * Runs `work` in an explicit write transaction: committed when it returns, rolled back when it
 * throws. Not a retrying managed transaction on purpose: `work` calls the change recorder, which
 * writes the outbox, and a silent retry would record the same changes twice.
 */
export async function writeTx<T>(driver: Driver, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
  const tx = session.beginTransaction();
  try {
    const result = await work(tx);
    await tx.commit();
    return result;
  } catch (err) {
    if (tx.isOpen()) await tx.rollback().catch(() => {});
    throw err;
  } finally {
    await session.close();
  }
}

/** Runs a statement inside `tx`; records as plain objects. */
export async function run<T>(tx: Transaction, cypher: string, params: Record<string, unknown>): Promise<T[]> {
  const res = await tx.run(cypher, params);
  return res.records.map((r) => r.toObject() as T);
}

/**
 * Creates both accounts if needed and write-locks them in id order for the rest of the
 * transaction, so writes on one pair are serialised (a follow cannot slip past a concurrent block)
 * and two transactions on the same pair never deadlock.
 */
export async function lockPair(tx: Transaction, a: string, b: string): Promise<void> {
  await tx.run("UNWIND $ids AS id MERGE (n:Account {id: id}) SET n._lock = true", { ids: [a, b].sort() });
}

/** Drops the lock marker set by `lockPair` (the lock itself lasts until commit). */
export async function unlockPair(tx: Transaction, a: string, b: string): Promise<void> {
  await tx.run("MATCH (n:Account) WHERE n.id IN $ids REMOVE n._lock", { ids: [a, b] });
}
