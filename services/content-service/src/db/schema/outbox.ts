import { createOutboxTable } from "@nova/outbox";
import { contentSchema } from "./content-schema.ts";

/** Post, comment and mention events leave through here; see @nova/outbox for why. */
export const outbox = createOutboxTable(contentSchema);
