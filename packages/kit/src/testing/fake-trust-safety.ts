import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { type CheckRequest, CheckResponseSchema, TrustSafetyService } from "@nova/proto/trust_safety/v1";

/**
 * trust-safety-service's Check as an in-memory Connect router (the writers' test seam: user, identity; the
 * rules themselves are tested in trust-safety-service): a verdict by text, or by media hash for an
 * image (default allow), or down.
 */
export class FakeTrustSafety {
  readonly verdicts = new Map<string, MessageInitShape<typeof CheckResponseSchema>>();
  readonly checked: (Pick<CheckRequest, "accountId" | "subjectType" | "subjectId" | "text"> & {
    mediaHash?: string;
  })[] = [];
  down = false;

  client() {
    return createClient(
      TrustSafetyService,
      createRouterTransport(({ service }) =>
        service(TrustSafetyService, {
          check: (req) => {
            if (this.down) throw new ConnectError("connection refused", Code.Unavailable);
            const { accountId, subjectType, subjectId, text, mediaHash } = req;
            this.checked.push({
              accountId,
              subjectType,
              subjectId,
              text,
              ...(mediaHash ? { mediaHash } : {}),
            });
            const verdict = this.verdicts.get(mediaHash || text);
            return create(CheckResponseSchema, verdict ?? { decision: "allow" });
          },
        }),
      ),
    );
  }
}
