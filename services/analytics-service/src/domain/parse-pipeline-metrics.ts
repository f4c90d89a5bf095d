/** What the pipeline view reads from one service's Prometheus text. */
export interface ServicePipeline {
  outbox: { pending: number; oldestPendingAgeSeconds: number; dead: number } | null;
  consumerLag: { topic: string; lag: number }[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/;

function labelsOf(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (text ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
    out[m[1] as string] = m[2] as string;
  return out;
}

/**
 * The outbox gauges (`nova_outbox_pending_events`, `nova_outbox_oldest_pending_age_seconds`,
 * `nova_outbox_dead_events`; null when the service has no outbox) and `nova_consumer_lag` per topic
 * (summed over partitions/consumers) from a `/metrics` exposition.
 */
export function parsePipelineMetrics(exposition: string): ServicePipeline {
  let pending: number | undefined;
  let age: number | undefined;
  let dead: number | undefined;
  const lag = new Map<string, number>();
  for (const line of exposition.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const [, name, , labels, raw] = m;
    const value = Number(raw);
    if (!Number.isFinite(value)) continue;
    if (name === "nova_outbox_pending_events") pending = (pending ?? 0) + value;
    else if (name === "nova_outbox_oldest_pending_age_seconds") age = Math.max(age ?? 0, value);
    else if (name === "nova_outbox_dead_events") dead = (dead ?? 0) + value;
    else if (name === "nova_consumer_lag") {
      const topic = labelsOf(labels).topic ?? "";
      lag.set(topic, (lag.get(topic) ?? 0) + value);
    }
  }
  const hasOutbox = pending !== undefined || age !== undefined || dead !== undefined;
  return {
    outbox: hasOutbox ? { pending: pending ?? 0, oldestPendingAgeSeconds: age ?? 0, dead: dead ?? 0 } : null,
    consumerLag: [...lag]
      .map(([topic, l]) => ({ topic, lag: l }))
      .sort((a, b) => a.topic.localeCompare(b.topic)),
  };
}
