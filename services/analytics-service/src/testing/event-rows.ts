import type { EventRow } from "../store/event-row.ts";

/** A domain event row with a fresh id (tests' data sets): `extra` sets post, target, surface, source… */
export function eventRow(
  name: string,
  accountId: string | null,
  occurredAt: Date | string | number,
  extra: Partial<EventRow> = {},
): EventRow {
  return {
    id: crypto.randomUUID(),
    name,
    accountId,
    deviceId: null,
    sessionId: null,
    occurredAt: new Date(occurredAt),
    postId: null,
    targetAccountId: null,
    surface: null,
    source: "domain",
    properties: {},
    ...extra,
  };
}
