import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import {
  type IntrospectTokenRequest,
  type IntrospectTokenResponse,
  IntrospectTokenResponseSchema,
} from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { introspectToken as introspect } from "../domain/introspect-token.ts";

/** IntrospectToken: convert → introspectToken → convert. */
export function introspectTokenHandler(ctx: ServiceContext) {
  return async function introspectToken(
    req: IntrospectTokenRequest,
    _call: HandlerContext,
  ): Promise<IntrospectTokenResponse> {
    const result = await introspect({ ctx, input: { token: req.token } });
    if (!result.active)
      return create(IntrospectTokenResponseSchema, { active: false, reason: result.reason });
    return create(IntrospectTokenResponseSchema, {
      active: true,
      accountId: result.auth.accountId,
      sessionId: result.auth.sessionId,
      tokenId: result.auth.tokenId,
      expiresAt: timestampFromDate(result.auth.expiresAt),
    });
  };
}
