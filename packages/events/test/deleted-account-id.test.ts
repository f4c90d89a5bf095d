import { describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { type Any, anyPack } from "@bufbuild/protobuf/wkt";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { AccountCreatedSchema, AccountDeletedSchema } from "@nova/proto/identity/v1";
import { type DeliveredEvent, deletedAccountId } from "../src/index.ts";

function delivered(type: string, payload: Any | undefined): DeliveredEvent {
  const envelope = create(EventEnvelopeSchema, { id: "e1", type, ...(payload ? { payload } : {}) });
  return {
    id: "e1",
    type,
    aggregateId: "a1",
    occurredAt: new Date(0),
    traceparent: undefined,
    source: "identity-service",
    topic: "nova.identity-service.events",
    headers: {},
    envelope,
    attempt: 1,
  };
}

describe("deletedAccountId", () => {
  test("reads the account of identity's AccountDeleted", () => {
    const payload = anyPack(AccountDeletedSchema, create(AccountDeletedSchema, { accountId: "a1" }));
    expect(deletedAccountId(delivered(AccountDeletedSchema.typeName, payload))).toBe("a1");
  });

  test("other events are not about a deletion", () => {
    const payload = anyPack(AccountCreatedSchema, create(AccountCreatedSchema, {}));
    expect(deletedAccountId(delivered(AccountCreatedSchema.typeName, payload))).toBeUndefined();
  });

  test("an AccountDeleted without an account id throws (retried, then dead-lettered)", () => {
    const payload = anyPack(AccountDeletedSchema, create(AccountDeletedSchema, {}));
    expect(() => deletedAccountId(delivered(AccountDeletedSchema.typeName, payload))).toThrow(
      /without an account id/,
    );
  });
});
