import { service as analytics } from "@nova/analytics-service";
import { service as content } from "@nova/content-service";
import { service as featureStore } from "@nova/feature-store";
import { service as feed } from "@nova/feed-service";
import { service as graph } from "@nova/graph-service";
import { service as gateway } from "@nova/graphql-gateway";
import { service as identity } from "@nova/identity-service";
import type { ServiceModule } from "@nova/kit";
import { service as media } from "@nova/media-service";
import { service as notification } from "@nova/notification-service";
import { service as ranking } from "@nova/ranking-service";
import { service as chat } from "@nova/realtime-chat-service";
import { service as search } from "@nova/search-service";
import { service as social } from "@nova/social-service";
import { service as trustSafety } from "@nova/trust-safety-service";
import { service as user } from "@nova/user-service";

// biome-ignore lint/suspicious/noExplicitAny: each module has its own config/context types
type AnyModule = ServiceModule<any, any>;

/** Every deployable by name; the dev runner and the system tests start them from here. */
export const serviceModules: Record<string, AnyModule> = {
  "identity-service": identity,
  "user-service": user,
  "content-service": content,
  "social-service": social,
  "graph-service": graph,
  "media-service": media,
  "analytics-service": analytics,
  "search-service": search,
  "feature-store": featureStore,
  "ranking-service": ranking,
  "feed-service": feed,
  "notification-service": notification,
  "realtime-chat-service": chat,
  "trust-safety-service": trustSafety,
  "graphql-gateway": gateway,
};

/** The deployable called `name`; an unknown name is a programming error. */
export function moduleNamed(name: string): AnyModule {
  const mod = serviceModules[name];
  if (!mod) throw new Error(`no module for ${name}`);
  return mod;
}

/** The deployables called `names`, by name (a system suite's subset of Nova). */
export function modulesNamed(names: readonly string[]): Record<string, AnyModule> {
  return Object.fromEntries(names.map((name) => [name, moduleNamed(name)]));
}
