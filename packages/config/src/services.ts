/** One entry per deployable: the guide's name, ports and tier. The only place ports are written. */
export interface ServiceInfo {
  /** Deployment name, as in the guide and in k8s (`identity-service`). */
  readonly name: string;
  readonly httpPort: number;
  /** gRPC port (HTTP + 1000); the gateway has none. */
  readonly grpcPort: number | null;
  /** Start/deploy tier from the guide's "Service Deployment Order". */
  readonly tier: 1 | 2 | 3 | 4 | 5;
  /** PostgreSQL schema owned by the service (`pgSchema(...)`); null when it keeps no tables. */
  readonly schema: string | null;
  /** Short proto name: `proto/nova/<proto>/v1`, `@nova/proto/<proto>/v1`. */
  readonly proto: string | null;
  /** Services it calls, from the guide's dependency matrix. */
  readonly dependsOn: readonly string[];
  /**
   * A listener for /metrics only, inside the pod (not in the k8s Service), where production serves
   * metrics: the gateway's public port answers /metrics and /docs only with a service credential.
   */
  readonly internalPort?: number;
}

const svc = (
  name: string,
  httpPort: number,
  tier: ServiceInfo["tier"],
  proto: string,
  dependsOn: string[],
): ServiceInfo => ({
  name,
  httpPort,
  grpcPort: httpPort + 1000,
  tier,
  schema: name.replaceAll("-", "_"),
  proto,
  dependsOn,
});

/** All 15 deployables in the guide's deployment order (tier by tier). */
export const SERVICES: readonly ServiceInfo[] = [
  svc("identity-service", 8010, 1, "identity", []),
  svc("user-service", 8011, 1, "user", ["identity-service"]),
  svc("content-service", 8012, 2, "content", ["identity-service", "user-service"]),
  svc("social-service", 8013, 2, "social", ["identity-service", "user-service", "content-service"]),
  svc("graph-service", 8018, 2, "graph", ["user-service"]),
  svc("media-service", 8014, 2, "media", ["identity-service", "user-service"]),
  svc("analytics-service", 8017, 3, "analytics", []),
  svc("search-service", 8016, 3, "search", ["content-service"]),
  svc("feature-store", 8020, 3, "feature_store", []),
  svc("ranking-service", 8021, 3, "ranking", ["feature-store"]),
  svc("feed-service", 8019, 3, "feed", ["graph-service", "ranking-service"]),
  svc("notification-service", 8015, 4, "notification", ["identity-service", "user-service"]),
  svc("realtime-chat-service", 8022, 4, "realtime_chat", ["identity-service", "user-service"]),
  svc("trust-safety-service", 8023, 4, "trust_safety", ["user-service", "content-service"]),
  {
    name: "graphql-gateway",
    httpPort: 8000,
    grpcPort: null,
    internalPort: 9000,
    tier: 5,
    schema: null,
    proto: null,
    dependsOn: [
      "identity-service",
      "user-service",
      "content-service",
      "social-service",
      "media-service",
      "graph-service",
      "analytics-service",
      "search-service",
      "feature-store",
      "ranking-service",
      "feed-service",
      "notification-service",
      "realtime-chat-service",
      "trust-safety-service",
    ],
  },
];

/** Looks a deployable up by name; throws on a name the guide does not know. */
export function serviceInfo(name: string): ServiceInfo {
  const found = SERVICES.find((s) => s.name === name);
  if (!found) throw new Error(`unknown service "${name}"`);
  return found;
}
