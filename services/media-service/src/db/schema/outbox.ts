import { createOutboxTable } from "@nova/outbox";
import { mediaSchema } from "./media-schema.ts";

/** MediaReady/Failed/Deleted and video jobs leave through here, in the transaction of the change. */
export const outbox = createOutboxTable(mediaSchema);
