import { createOutboxTable } from "@nova/outbox";
import { socialSchema } from "./social-schema.ts";

/** Like and repost events leave through here, in the transaction of the change (see @nova/outbox). */
export const outbox = createOutboxTable(socialSchema);
