import { createOutboxTable } from "@nova/outbox";
import { graphSchema } from "./graph-schema.ts";

/** Graph events (follows, requests, blocks, mutes) leave through here; see @nova/outbox for why. */
export const outbox = createOutboxTable(graphSchema);
