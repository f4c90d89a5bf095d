import type { ConnectRouter } from "@connectrpc/connect";
import { authRequestGate } from "@nova/auth";
import { IdentityService } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { batchGetAccountStatusHandler } from "./batch-get-account-status.ts";
import { getAccountStatusHandler } from "./get-account-status.ts";
import { introspectTokenHandler } from "./introspect-token.ts";

/**
 * identity's RPCs. They are called by services (no end-user token needed: they reveal no personal
 * data), but a token that is present must be valid.
 */
export function registerRpc(router: ConnectRouter, ctx: ServiceContext): void {
  router.service(
    IdentityService,
    {
      introspectToken: introspectTokenHandler(ctx),
      getAccountStatus: getAccountStatusHandler(ctx),
      batchGetAccountStatus: batchGetAccountStatusHandler(ctx),
    },
    { requestGate: authRequestGate(ctx.verifier, { optional: true }) },
  );
}
