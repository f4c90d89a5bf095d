import { createOutboxTable } from "@nova/outbox";
import { realtimeChatSchema } from "./chat-schema.ts";

/** MessageAwaitingDelivery and SafetyNumberChanged leave through here, in the transaction of the change. */
export const outbox = createOutboxTable(realtimeChatSchema);
