import { describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import {
  GetFeaturesRequestSchema,
  GetFeaturesResponseSchema,
  WeightsSchema,
} from "@nova/proto/feature_store/v1";
import { messageControlCharacterViolations } from "./rpc-input-hygiene.ts";

describe("messageControlCharacterViolations", () => {
  test("names repeated strings by index", () => {
    const message = create(GetFeaturesRequestSchema, {
      entityIds: ["a", "b\u0000"],
      featureNames: ["\u001b"],
    });
    expect(messageControlCharacterViolations(GetFeaturesRequestSchema, message).map((v) => v.field)).toEqual([
      "entityIds.1",
      "featureNames.0",
    ]);
  });

  test("walks nested messages, oneof members and map keys", () => {
    const message = create(GetFeaturesResponseSchema, {
      featureNames: ["ok"],
      rows: [
        {
          entityId: "fine",
          values: [
            { kind: { case: "weights", value: create(WeightsSchema, { weights: { "tag\u0000": 1 } }) } },
          ],
        },
        { entityId: "bad\u007f", values: [{ kind: { case: "number", value: 1 } }] },
      ],
    });
    expect(messageControlCharacterViolations(GetFeaturesResponseSchema, message)).toEqual([
      { field: "rows.0.values.0.weights.weights", message: "map keys must not contain control characters" },
      { field: "rows.1.entityId", message: expect.stringContaining("control characters") },
    ]);
  });

  test("a clean message has no violations", () => {
    const message = create(GetFeaturesRequestSchema, { entityIds: ["zoë", "line\nbreak"] });
    expect(messageControlCharacterViolations(GetFeaturesRequestSchema, message)).toEqual([]);
  });
});
