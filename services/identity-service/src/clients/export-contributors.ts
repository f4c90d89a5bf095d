import {
  type DescMessage,
  type DescService,
  type JsonValue,
  type MessageShape,
  toJson,
} from "@bufbuild/protobuf";
import { type BaseContext, createPeerClient } from "@nova/kit";
import { AnalyticsService } from "@nova/proto/analytics/v1";
import { ContentService } from "@nova/proto/content/v1";
import { FeatureStoreService } from "@nova/proto/feature_store/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { MediaService } from "@nova/proto/media/v1";
import { NotificationService } from "@nova/proto/notification/v1";
import { RankingService } from "@nova/proto/ranking/v1";
import { RealtimeChatService } from "@nova/proto/realtime_chat/v1";
import { SearchService } from "@nova/proto/search/v1";
import { SocialService } from "@nova/proto/social/v1";
import { TrustSafetyService } from "@nova/proto/trust_safety/v1";
import { UserService } from "@nova/proto/user/v1";
import type { ServiceConfig } from "../config.ts";
import type { UserClient } from "./user-client.ts";

/**
 * One service's contribution to the account export: its `ExportAccountData` RPC (every service that
 * holds account data has one, request `{ account_id }`), called with the owner's token forwarded.
 */
export interface ExportContributor {
  /** The service, as in the SERVICES catalogue; the archive names its section after it. */
  readonly service: string;
  /** The service's section for the account, as JSON. */
  exportAccountData(accountId: string): Promise<JsonValue>;
}

/**
 * A client of any Nova service with the shared ExportAccountData RPC (the generated clients are
 * typed per service; CONTRIBUTING_SERVICES holds only services whose proto declares the RPC).
 */
interface ExportingClient {
  exportAccountData(req: { accountId: string }): Promise<unknown>;
}

/**
 * The section's JSON: the response itself for a typed response (user-service: profile and
 * settings), its `data` Struct for the services that answer with one (the shared shape).
 */
function sectionOf(service: DescService, response: unknown): JsonValue {
  const output = service.methods.find((m) => m.localName === "exportAccountData")?.output as DescMessage;
  const json = toJson(output, response as MessageShape<DescMessage>);
  const onlyData = output.fields.length === 1 && output.fields[0]?.localName === "data";
  return onlyData ? ((json as { data?: JsonValue }).data ?? {}) : json;
}

/**
 * Every service that holds data about an account, in archive order. A new service adds its
 * ExportAccountData RPC (same request shape) and one line here; its URL comes from
 * `<SERVICE>_URL` (or the port convention), like every peer.
 */
const CONTRIBUTING_SERVICES: readonly {
  target: string;
  service: DescService;
  url: (config: ServiceConfig) => string | undefined;
}[] = [
  { target: "content-service", service: ContentService, url: (c) => c.extra.CONTENT_SERVICE_URL },
  { target: "social-service", service: SocialService, url: (c) => c.extra.SOCIAL_SERVICE_URL },
  { target: "graph-service", service: GraphService, url: (c) => c.extra.GRAPH_SERVICE_URL },
  { target: "feature-store", service: FeatureStoreService, url: (c) => c.extra.FEATURE_STORE_URL },
  { target: "ranking-service", service: RankingService, url: (c) => c.extra.RANKING_SERVICE_URL },
  {
    target: "trust-safety-service",
    service: TrustSafetyService,
    url: (c) => c.extra.TRUST_SAFETY_SERVICE_URL,
  },
  {
    target: "realtime-chat-service",
    service: RealtimeChatService,
    url: (c) => c.extra.REALTIME_CHAT_SERVICE_URL,
  },
  { target: "analytics-service", service: AnalyticsService, url: (c) => c.extra.ANALYTICS_SERVICE_URL },
  {
    target: "notification-service",
    service: NotificationService,
    url: (c) => c.extra.NOTIFICATION_SERVICE_URL,
  },
  { target: "search-service", service: SearchService, url: (c) => c.extra.SEARCH_SERVICE_URL },
  { target: "media-service", service: MediaService, url: (c) => c.extra.MEDIA_SERVICE_URL },
];

function contributor(target: string, service: DescService, client: ExportingClient): ExportContributor {
  if (!service.methods.some((m) => m.localName === "exportAccountData"))
    throw new Error(
      `${service.typeName} has no ExportAccountData RPC: it cannot contribute to the account export`,
    );
  return {
    service: target,
    async exportAccountData(accountId) {
      return sectionOf(service, await client.exportAccountData({ accountId }));
    },
  };
}

/**
 * The export's contributors: user-service through identity's existing client, then one peer client
 * (with identity's service credential, closed with the context) per contributing service.
 */
export function createExportContributors(
  ctx: BaseContext<ServiceConfig>,
  users: UserClient,
): ExportContributor[] {
  return [
    contributor("user-service", UserService, users),
    ...CONTRIBUTING_SERVICES.map(({ target, service, url }) => {
      const baseUrl = url(ctx.config);
      const client = createPeerClient(ctx, service, { target, ...(baseUrl ? { baseUrl } : {}) });
      return contributor(target, service, client as unknown as ExportingClient);
    }),
  ];
}
