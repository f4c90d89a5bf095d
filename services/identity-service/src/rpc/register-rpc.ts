import type { ConnectRouter } from "@connectrpc/connect";
import { internalRpc, serveRpc } from "@nova/auth";
import { IdentityService } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { batchGetAccountStatusHandler } from "./batch-get-account-status.ts";
import { batchGetMailRecipientsHandler } from "./batch-get-mail-recipients.ts";
import { getAccountStatusHandler } from "./get-account-status.ts";
import { introspectTokenHandler } from "./introspect-token.ts";

/**
 * identity's RPCs: services only. Account status (lock, 2FA, deletion) and token introspection are
 * about any account, so no end user may ask them.
 */
export function registerRpc(router: ConnectRouter, ctx: ServiceContext): void {
  serveRpc(
    router,
    IdentityService,
    {
      introspectToken: internalRpc(introspectTokenHandler(ctx)),
      getAccountStatus: internalRpc(getAccountStatusHandler(ctx)),
      batchGetAccountStatus: internalRpc(batchGetAccountStatusHandler(ctx)),
      // notification-service's digests only (checked in the verb).
      batchGetMailRecipients: internalRpc(batchGetMailRecipientsHandler(ctx)),
    },
    ctx,
  );
}
