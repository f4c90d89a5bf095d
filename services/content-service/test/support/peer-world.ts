import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { GraphService, RelationshipSchema } from "@nova/proto/graph/v1";
import { MediaKind, MediaSchema, MediaService, MediaStatus } from "@nova/proto/media/v1";
import { Audience, ProfileSchema, UserService } from "@nova/proto/user/v1";
import type { PeerClients } from "../../src/peers/peer-clients.ts";

/** One account as the in-memory user-service knows it. */
export interface WorldUser {
  id: string;
  username: string;
  privateAccount: boolean;
  whoCanMention: Audience;
}

/**
 * user-service and graph-service as in-memory Connect routers implementing their protos (the test
 * seam for content-service's unit tests; the real cross-service journey runs the real services).
 * Tests change the world directly (follow, block, take a peer down) and count the calls.
 */
export class PeerWorld {
  readonly users = new Map<string, WorldUser>();
  readonly follows = new Set<string>();
  readonly blocks = new Set<string>();
  readonly mutes = new Set<string>();
  userDown = false;
  graphDown = false;
  mediaDown = false;
  /** media-service's objects by id; an id never registered is taken as its caller's ready image. */
  readonly media = new Map<string, { ownerId: string; alt: string }>();
  /** subject ("post:<id>") → attached media ids, as the in-memory media-service holds them. */
  readonly attached = new Map<string, string[]>();
  readonly calls = { batchCheckRelationships: 0, batchGetProfiles: 0, batchGetProfilesByUsername: 0 };

  addUser(id: string, username: string, opts: Partial<Omit<WorldUser, "id" | "username">> = {}): void {
    this.users.set(id, { id, username, privateAccount: false, whoCanMention: Audience.EVERYONE, ...opts });
  }
  follow(follower: string, followee: string): void {
    this.follows.add(`${follower}>${followee}`);
  }
  block(blocker: string, blocked: string): void {
    this.blocks.add(`${blocker}>${blocked}`);
  }
  mute(muter: string, muted: string): void {
    this.mutes.add(`${muter}>${muted}`);
  }

  clients(): PeerClients {
    const profile = (u: WorldUser) =>
      create(ProfileSchema, {
        id: u.id,
        username: u.username,
        privateAccount: u.privateAccount,
        whoCanMention: u.whoCanMention,
      });
    const down = (what: string) => new ConnectError(`${what} is down`, Code.Unavailable);
    const user = createClient(
      UserService,
      createRouterTransport(({ service }) =>
        service(UserService, {
          batchGetProfiles: (req) => {
            this.calls.batchGetProfiles++;
            if (this.userDown) throw down("user-service");
            return {
              profiles: req.ids.flatMap((id) =>
                this.users.get(id) ? [profile(this.users.get(id) as WorldUser)] : [],
              ),
            };
          },
          batchGetProfilesByUsername: (req) => {
            this.calls.batchGetProfilesByUsername++;
            if (this.userDown) throw down("user-service");
            const byName = new Map([...this.users.values()].map((u) => [u.username, u]));
            return {
              profiles: req.usernames.flatMap((n) => {
                const u = byName.get(n.toLowerCase());
                return u ? [profile(u)] : [];
              }),
            };
          },
        }),
      ),
    );
    const graph = createClient(
      GraphService,
      createRouterTransport(({ service }) =>
        service(GraphService, {
          batchCheckRelationships: (req) => {
            this.calls.batchCheckRelationships++;
            if (this.graphDown) throw down("graph-service");
            if (req.targetIds.length > 100) throw new ConnectError("at most 100", Code.InvalidArgument);
            const v = req.viewerId;
            return {
              relationships: req.targetIds.map((t) =>
                create(RelationshipSchema, {
                  targetId: t,
                  following: this.follows.has(`${v}>${t}`),
                  followedBy: this.follows.has(`${t}>${v}`),
                  blocking: this.blocks.has(`${v}>${t}`),
                  blockedBy: this.blocks.has(`${t}>${v}`),
                  muting: this.mutes.has(`${v}>${t}`),
                }),
              ),
            };
          },
        }),
      ),
    );
    const mediaOf = (id: string) =>
      create(MediaSchema, {
        id,
        ownerId: this.media.get(id)?.ownerId ?? "",
        kind: MediaKind.IMAGE,
        status: MediaStatus.READY,
        alt: this.media.get(id)?.alt ?? "",
        blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
        width: 48,
        height: 64,
        variants: [{ name: "small", url: `http://media.test/blobs/${id}/small.webp`, width: 48, height: 64 }],
      });
    const media = createClient(
      MediaService,
      createRouterTransport(({ service }) =>
        service(MediaService, {
          attachMedia: (req) => {
            if (this.mediaDown) throw down("media-service");
            for (const id of req.mediaIds) {
              const known = this.media.get(id);
              if (known && known.ownerId !== req.ownerId)
                throw new ConnectError(
                  `media ${id} does not exist or is not yours`,
                  Code.FailedPrecondition,
                  new Headers({ "nova-error-code": "unprocessable_content" }),
                );
            }
            this.attached.set(req.subject, [...req.mediaIds]);
            return { media: req.mediaIds.map(mediaOf) };
          },
          releaseMedia: (req) => {
            const n = this.attached.get(req.subject)?.length ?? 0;
            this.attached.delete(req.subject);
            return { released: n };
          },
          batchGetMedia: (req) => {
            if (this.mediaDown) throw down("media-service");
            return { media: req.ids.map(mediaOf) };
          },
          exportAccountData: () => ({}),
        }),
      ),
    );
    return { user, graph, media };
  }
}
