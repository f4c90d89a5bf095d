import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { MediaKind, MediaSchema, MediaService, MediaStatus } from "@nova/proto/media/v1";

/**
 * media-service as an in-memory Connect router (user-service's unit-test seam; the real rules are
 * tested in media-service). An id registered with `own` belongs to that account; an id never
 * registered is taken as its caller's ready image.
 */
export class FakeMediaService {
  readonly owners = new Map<string, string>();
  readonly attached = new Map<string, string[]>();
  down = false;
  /** How many BatchGetMedia calls were made (profile batches must cost one). */
  batchCalls = 0;

  own(mediaId: string, accountId: string): void {
    this.owners.set(mediaId, accountId);
  }

  client() {
    const media = (id: string) =>
      create(MediaSchema, {
        id,
        ownerId: this.owners.get(id) ?? "",
        kind: MediaKind.IMAGE,
        status: MediaStatus.READY,
        blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
        width: 400,
        height: 400,
        variants: [
          { name: "small", url: `http://media.test/blobs/${id}/small.webp`, width: 400, height: 400 },
          { name: "large", url: `http://media.test/blobs/${id}/large.webp`, width: 2048, height: 2048 },
        ],
      });
    const down = () => new ConnectError("media-service is down", Code.Unavailable);
    return createClient(
      MediaService,
      createRouterTransport(({ service }) =>
        service(MediaService, {
          attachMedia: (req) => {
            if (this.down) throw down();
            for (const id of req.mediaIds) {
              const owner = this.owners.get(id);
              if (owner && owner !== req.ownerId)
                throw new ConnectError(
                  `media ${id} does not exist or is not yours`,
                  Code.FailedPrecondition,
                  new Headers({ "nova-error-code": "unprocessable_content" }),
                );
            }
            this.attached.set(req.subject, [...req.mediaIds]);
            return { media: req.mediaIds.map(media) };
          },
          batchGetMedia: (req) => {
            this.batchCalls++;
            if (this.down) throw down();
            return { media: req.ids.map(media) };
          },
          releaseMedia: () => ({ released: 0 }),
          exportAccountData: () => ({}),
        }),
      ),
    );
  }
}
