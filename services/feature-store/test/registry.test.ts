import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { EntityType, ValueType } from "@nova/proto/feature_store/v1";
import { FEATURES } from "../src/domain/feature-registry.ts";
import { type FeatureStoreHarness, startFeatureStore } from "./support/feature-store-harness.ts";

describe("feature registry", () => {
  let h: FeatureStoreHarness;
  beforeAll(async () => {
    h = await startFeatureStore("pglite");
  });
  afterAll(async () => {
    await h?.close();
  });

  test("GET /api/v1/features lists every feature with its metadata", async () => {
    const res = await h.request("/api/v1/features");
    expect(res.status).toBe(200);
    const { features } = (await res.json()) as { features: Record<string, unknown>[] };
    expect(features.length).toBe(FEATURES.length);
    expect(features.find((f) => f.name === "engagement_24h")).toEqual({
      entityType: "post",
      name: "engagement_24h",
      valueType: "number",
      description: expect.stringContaining("24h"),
      ttlSeconds: 0,
      sourceEvents: expect.arrayContaining(["nova.social.v1.LikeCreated", "nova.content.v1.CommentCreated"]),
      defaultValue: 0,
    });
    const interests = features.find((f) => f.name === "hashtag_interests");
    expect([interests?.entityType, interests?.valueType, interests?.ttlSeconds]).toEqual([
      "user",
      "weights",
      90 * 86_400,
    ]);
  });

  test("?entityType filters; an unknown one is a 400 naming the field", async () => {
    const res = await h.request("/api/v1/features?entityType=user_author");
    const { features } = (await res.json()) as { features: { entityType: string; name: string }[] };
    expect(new Set(features.map((f) => f.entityType))).toEqual(new Set(["user_author"]));
    expect(features.map((f) => f.name)).toContain("affinity");
    const affinity = features.find((f) => f.name === "affinity") as { sourceEvents?: string[] } | undefined;
    expect(affinity?.sourceEvents).toContain("nova.user.v1.ProfileViewed");
    const bad = await h.request("/api/v1/features?entityType=planet");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("entityType");
  });

  test("ListFeatures over RPC carries the same registry", async () => {
    const res = await h.rpc().listFeatures({ entityType: EntityType.AUTHOR });
    expect(res.features.map((f) => f.name)).toEqual([
      "follower_count",
      "post_count",
      "posts_24h",
      "post_rate_7d",
    ]);
    expect(res.features.every((f) => f.valueType === ValueType.NUMBER && f.defaultValue?.isDefault)).toBe(
      true,
    );
    expect((await h.rpc().listFeatures({})).features.length).toBe(FEATURES.length);
  });

  test("names are unique within an entity type", () => {
    const keys = FEATURES.map((f) => `${f.entityType}/${f.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
