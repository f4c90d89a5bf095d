import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import { requireServiceCaller } from "@nova/auth";
import { PermissionDeniedError } from "@nova/errors";
import { type CheckRequest, type CheckResponse, CheckResponseSchema } from "@nova/proto/trust_safety/v1";
import type { ServiceContext } from "../context.ts";
import { checkWrite } from "../domain/check-write.ts";

/** The services whose writes go through Check. */
const WRITERS = new Set(["content-service", "user-service", "identity-service", "media-service"]);

/** nova.trust_safety.v1.TrustSafetyService/Check (internal: content, user, identity (sign-up usernames) and media services). */
export function check(ctx: ServiceContext) {
  return async (req: CheckRequest, call: HandlerContext): Promise<CheckResponse> => {
    const caller = requireServiceCaller(call);
    if (!WRITERS.has(caller))
      throw new PermissionDeniedError(`${caller} does not submit writes for checking`);
    const out = await checkWrite({
      ctx,
      input: {
        accountId: req.accountId,
        subjectType: req.subjectType as never,
        subjectId: req.subjectId,
        text: req.text,
        ...(req.language ? { language: req.language } : {}),
        ...(req.accountCreatedAt ? { accountCreatedAt: timestampDate(req.accountCreatedAt) } : {}),
        mediaIds: req.mediaIds,
        ...(req.mediaHash ? { mediaHash: req.mediaHash } : {}),
      },
    });
    return create(CheckResponseSchema, {
      decision: out.decision,
      labels: out.labels,
      reasonCode: out.reasonCode,
      reasons: out.reasons,
      caseId: out.caseId,
    });
  };
}
