import type { AuthContext } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { parsePipelineMetrics, type ServicePipeline } from "./parse-pipeline-metrics.ts";
import { pipelineTargets } from "./pipeline-targets.ts";
import { requireAdmin } from "./staff-access.ts";

const SCRAPE_TIMEOUT_MS = 2000;

export interface PipelineView {
  checkedAt: string;
  /** New events stored per second over the last minute, by this analytics instance. */
  ingestion: { eventsPerSecond: number; store: string };
  services: ({ service: string; reachable: boolean; error?: string } & Partial<ServicePipeline>)[];
  /** Every topic's lag summed over the services consuming it. */
  topics: { topic: string; lag: number; consumers: string[] }[];
}

/**
 * The event pipeline at a glance (admin only): each service's outbox backlog, oldest pending age
 * and dead events, each consumer's lag per topic (their `/metrics`, read in parallel with a
 * deadline; an unreachable service is listed as such), and analytics' ingestion rate.
 */
export async function queryPipeline(args: {
  ctx: ServiceContext;
  caller: AuthContext | undefined;
  fetch?: typeof fetch;
}): Promise<PipelineView> {
  requireAdmin(args.caller);
  const { ctx } = args;
  const get = args.fetch ?? fetch;
  const services: PipelineView["services"] = await Promise.all(
    pipelineTargets(ctx.config.extra.ANALYTICS_PIPELINE_TARGETS).map(async ({ service, url }) => {
      try {
        const res = await get(`${url}/metrics`, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
        if (!res.ok) return { service, reachable: false, error: `/metrics answered ${res.status}` };
        return { service, reachable: true, ...parsePipelineMetrics(await res.text()) };
      } catch (err) {
        return { service, reachable: false, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  const topics = new Map<string, { topic: string; lag: number; consumers: string[] }>();
  for (const s of services)
    for (const l of s.consumerLag ?? []) {
      const t = topics.get(l.topic) ?? { topic: l.topic, lag: 0, consumers: [] };
      t.lag += l.lag;
      t.consumers.push(s.service);
      topics.set(l.topic, t);
    }
  return {
    checkedAt: ctx.clock().toISOString(),
    ingestion: { eventsPerSecond: ctx.ingest.ratePerSecond(), store: ctx.store.kind },
    services,
    topics: [...topics.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
  };
}
