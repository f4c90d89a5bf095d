import { afterAll, describe, expect, test } from "bun:test";
import { type CacheStore, createRedisCacheStore } from "@nova/cache";
import { loadServiceConfig } from "../src/config.ts";
import { createRuleEngine, type RuleEngine } from "../src/domain/rules/rule-engine.ts";
import { TEST_ENV } from "./support/ts-harness.ts";

// The spam memory on a real Redis: two rule engines with their own connection pools (two replicas'
// processes) on one Redis. Fails (never skips) without REDIS_URL. Keys live under a per-run prefix,
// removed at the end.
function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set; the shared spam memory test needs a real Redis");
  return url;
}

const run = `test-${crypto.randomUUID().slice(0, 8)}:`;
const stores: CacheStore[] = [];
afterAll(async () => {
  const first = stores[0];
  if (first) await first.deleteByPrefix(`nova:trust-safety:v1:${run}`);
  for (const s of stores) await s.close();
});

async function replicas(): Promise<[RuleEngine, RuleEngine]> {
  const extra = loadServiceConfig(TEST_ENV).extra;
  const engines: RuleEngine[] = [];
  for (const name of ["ts-spam-a", "ts-spam-b"]) {
    const store = await createRedisCacheStore({ url: redisUrl(), size: 2, connectionName: name });
    stores.push(store);
    engines.push(createRuleEngine(extra, store, { keyPrefix: run }));
  }
  return engines as [RuleEngine, RuleEngine];
}

const SPAM = "Win a free vacation to the islands, just click the link in my profile and share now";

async function alternate([a, b]: [RuleEngine, RuleEngine], accounts: string[], texts: string[]) {
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const check = {
      accountId: accounts[i] as string,
      subjectType: "post",
      subjectId: "p",
      text: texts[i] as string,
    };
    const r = await (i % 2 === 0 ? a : b).check(check, new Date());
    out.push(`${r.decision}:${r.reasonCode}`);
  }
  return out;
}

describe("spam memory on Redis, shared by two replicas", () => {
  test("20 identical posts from 20 accounts alternated: after 3 the rest are held as near-duplicates", async () => {
    const pair = await replicas();
    const accounts = Array.from({ length: 20 }, () => crypto.randomUUID());
    const out = await alternate(pair, accounts, Array(20).fill(SPAM));
    expect(out).toEqual([...Array(3).fill("allow:"), ...Array(17).fill("hold:near_duplicate")]);
  });

  test("20 different posts by one account alternated: past 10 a minute they are held for velocity", async () => {
    const pair = await replicas();
    const account = crypto.randomUUID();
    const texts = Array.from(
      { length: 20 },
      (_, i) => `post ${i} about topic ${"abcdefghijklmnopqrstu"[i]} ${i * 31}`,
    );
    const out = await alternate(pair, Array(20).fill(account), texts);
    expect(out).toEqual([...Array(10).fill("allow:"), ...Array(10).fill("hold:velocity")]);
  });
});
