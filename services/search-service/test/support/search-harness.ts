import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { serviceTopic } from "@nova/events";
import { startServiceUnderTest } from "@nova/kit/testing";
import { PostCreatedSchema, PostSchema, Visibility } from "@nova/proto/content/v1";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { SearchService } from "@nova/proto/search/v1";
import { ProfileCreatedSchema } from "@nova/proto/user/v1";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext } from "../../src/context.ts";
import { handlePeerEvent } from "../../src/events/subscribe-to-peer-events.ts";
import { createFakePeers } from "./fake-peers.ts";
import { mirrorInOwners } from "./owner-state.ts";

export type PeerService =
  | "user-service"
  | "identity-service"
  | "content-service"
  | "social-service"
  | "trust-safety-service";

/**
 * search-service on a fresh migrated PGlite, with in-memory user/social/graph/content peers (the
 * owners' state follows the events delivered, for the reindex) and test tokens.
 */
export async function startSearchService(
  env: Record<string, string> = {},
  opts: { database?: "pglite" | "postgres" } = {},
) {
  const peers = createFakePeers();
  const h = await startServiceUnderTest(
    { name: "search-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      env,
      ...(opts.database ? { database: opts.database } : {}),
      overrides: {
        clients: {
          user: peers.userClient,
          social: peers.socialClient,
          graph: peers.graphClient,
          content: peers.contentClient,
          trustSafety: peers.trustSafetyClient,
        },
      },
    },
  );
  const handle = handlePeerEvent(h.ctx);
  async function deliver<D extends DescMessage>(
    service: PeerService,
    schema: D,
    aggregateId: string,
    payload: MessageInitShape<D>,
    id: string = Bun.randomUUIDv7(),
  ): Promise<string> {
    mirrorInOwners(peers, schema, payload);
    const envelope = create(EventEnvelopeSchema, {
      id,
      type: schema.typeName,
      aggregateId,
      occurredAt: timestampFromDate(new Date()),
      payload: anyPack(schema, create(schema, payload)),
      source: service,
    });
    await handle({
      id,
      type: schema.typeName,
      aggregateId,
      occurredAt: new Date(),
      traceparent: undefined,
      source: service,
      topic: serviceTopic(service),
      headers: {},
      envelope,
      attempt: 1,
    });
    return id;
  }
  /** A new account known to user-service and indexed here. */
  async function account(
    username: string,
    extra: { displayName?: string; bio?: string; privateAccount?: boolean } = {},
  ) {
    const u = await h.user();
    peers.profiles.set(u.id, { id: u.id, username, ...extra });
    await deliver("user-service", ProfileCreatedSchema, u.id, { profileId: u.id, username });
    return { ...u, username };
  }
  /** A published post of `authorId`, indexed here. */
  async function post(
    authorId: string,
    text: string,
    extra: { visibility?: Visibility; mentionedUserIds?: string[] } = {},
  ): Promise<string> {
    const id = Bun.randomUUIDv7();
    const hashtags = [...new Set([...text.matchAll(/#(\w+)/g)].map((m) => (m[1] as string).toLowerCase()))];
    await deliver("content-service", PostCreatedSchema, id, {
      post: create(PostSchema, {
        id,
        authorId,
        text,
        hashtags,
        visibility: Visibility.PUBLIC,
        publishedAt: timestampFromDate(new Date()),
        ...extra,
      }),
    });
    return id;
  }
  return {
    ...h,
    peers,
    deliver,
    account,
    post,
    rpc: (as?: Parameters<typeof h.rpc>[1]) => h.rpc(SearchService, as),
  };
}

/** JSON body of a response, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
export async function body(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, unknown>;
}
