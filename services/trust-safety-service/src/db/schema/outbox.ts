import { createOutboxTable } from "@nova/outbox";
import { trustSafetySchema } from "./ts-schema.ts";

/** EnforcementChanged and AppealDecided leave through here, in the transaction of the decision. */
export const outbox = createOutboxTable(trustSafetySchema);
