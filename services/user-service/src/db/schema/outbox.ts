import { createOutboxTable } from "@nova/outbox";
import { userSchema } from "./user-schema.ts";

/** Profile events (username changes, updates, erasure) leave through here; see @nova/outbox for why. */
export const outbox = createOutboxTable(userSchema);
