import { SERVICES } from "@nova/config";
import { InvalidArgumentError } from "@nova/errors";

/**
 * The services whose `/metrics` the pipeline view reads: ANALYTICS_PIPELINE_TARGETS
 * (`name=url,…`), else every service of the catalogue on its port at 127.0.0.1 (`bun run dev`).
 */
export function pipelineTargets(spec: string): { service: string; url: string }[] {
  if (!spec.trim())
    return SERVICES.filter((s) => s.name !== "graphql-gateway").map((s) => ({
      service: s.name,
      url: `http://127.0.0.1:${s.httpPort}`,
    }));
  return spec
    .split(",")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [service, url] = pair.split("=");
      if (!service || !url || !/^https?:\/\//.test(url))
        throw new InvalidArgumentError(
          `ANALYTICS_PIPELINE_TARGETS: "${pair}" is not name=http(s)://host:port`,
        );
      return { service, url: url.replace(/\/$/, "") };
    });
}
