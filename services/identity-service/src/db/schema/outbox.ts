import { createOutboxTable } from "@nova/outbox";
import { identitySchema } from "./identity-schema.ts";

/** Account events (created, verified, password changed, 2FA, deleted), written in the changing transaction. */
export const outbox = createOutboxTable(identitySchema);
