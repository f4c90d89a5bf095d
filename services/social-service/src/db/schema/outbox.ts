import { createOutboxTable } from "@nova/outbox";
import { socialSchema } from "./social-schema.ts";

/** Like, repost and bookmark events leave through here, in the transaction of the change (see @nova/outbox). */
export const outbox = createOutboxTable(socialSchema);
