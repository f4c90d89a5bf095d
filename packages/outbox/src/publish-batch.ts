import type { ClaimedRow } from "./claim-batch.ts";
import type { OutboxMessage, OutboxPublisher } from "./outbox-message.ts";

/** What happened to each claimed row. */
export interface PublishOutcome {
  sent: string[];
  failed: { row: ClaimedRow; error: unknown }[];
  /** Not attempted: an earlier row of the same aggregate failed, so they must wait behind it. */
  held: string[];
}

export function toMessage(row: ClaimedRow): OutboxMessage {
  return {
    id: row.id,
    type: row.eventType,
    key: row.aggregateId,
    traceparent: row.traceparent,
    occurredAt: row.occurredAt,
    value: row.envelope,
  };
}

/**
 * Publishes the batch in one call; when that fails, publishes row by row so one poison event
 * (too large, rejected by the broker) cannot block the others. After a row fails, the later rows
 * of its aggregate are held back to keep that aggregate in order.
 */
export async function publishBatch(
  publisher: OutboxPublisher,
  topic: string,
  rows: readonly ClaimedRow[],
): Promise<PublishOutcome> {
  try {
    await publisher.publish(topic, rows.map(toMessage));
    return { sent: rows.map((r) => r.id), failed: [], held: [] };
  } catch (batchError) {
    if (rows.length === 1)
      return { sent: [], failed: [{ row: rows[0] as ClaimedRow, error: batchError }], held: [] };
  }
  const outcome: PublishOutcome = { sent: [], failed: [], held: [] };
  const failedKeys = new Set<string>();
  for (const row of rows) {
    if (failedKeys.has(row.aggregateId)) {
      outcome.held.push(row.id);
      continue;
    }
    try {
      await publisher.publish(topic, [toMessage(row)]);
      outcome.sent.push(row.id);
    } catch (error) {
      failedKeys.add(row.aggregateId);
      outcome.failed.push({ row, error });
    }
  }
  return outcome;
}
