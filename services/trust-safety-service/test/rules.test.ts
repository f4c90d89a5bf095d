import { describe, expect, test } from "bun:test";
import { createEmbeddedCacheStore } from "@nova/cache";
import { loadServiceConfig } from "../src/config.ts";
import { extractHosts } from "../src/domain/rules/link-rules.ts";
import { collapseSpacing } from "../src/domain/rules/normalize-text.ts";
import { createRuleEngine } from "../src/domain/rules/rule-engine.ts";
import { hammingDistance, shingles, simhash, simhashOf, words } from "../src/domain/rules/simhash.ts";
import { TEST_ENV } from "./support/ts-harness.ts";

const config = (env: Record<string, string> = {}) => loadServiceConfig({ ...TEST_ENV, ...env });
const engine = (env: Record<string, string> = {}) =>
  createRuleEngine(config(env).extra, createEmbeddedCacheStore());
let n = 0;
/** A fresh account each call, so spam memory does not leak between cases. */
const input = (
  text: string,
  extra: Partial<{ accountId: string; subjectType: string; language: string; accountCreatedAt: Date }> = {},
) => ({
  accountId: extra.accountId ?? `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
  subjectType: extra.subjectType ?? "post",
  subjectId: crypto.randomUUID(),
  text,
  ...(extra.language ? { language: extra.language } : {}),
  ...(extra.accountCreatedAt ? { accountCreatedAt: extra.accountCreatedAt } : {}),
});
const now = new Date("2026-12-07T12:00:00Z");

describe("blocked phrases (per language, obfuscation undone)", async () => {
  const e = engine();
  test.each([
    "buy followers here",
    "BUY FOLLOWERS",
    "buy f0ll0wers",
    "bűy fоllowers", // Cyrillic о, accented u
    "b.u.y f.o.l.l.o.w.e.r.s",
    "b u y  f o l l o w e r s",
    "buy-followers!!",
    "buyyy folllowers",
    "fr33 crypt0 g1veaway today",
  ])("%s → reject blocked_phrase", async (text) => {
    const out = await e.check(input(text), now);
    expect(out.decision).toBe("reject");
    expect(out.reasonCode).toBe("blocked_phrase");
  });
  test.each(["I buy flowers for my followers", "followers are great", "hello world"])(
    "%s → allow",
    async (text) => {
      expect((await e.check(input(text), now)).decision).toBe("allow");
    },
  );
  test("lists are per language: a German phrase in a text declared English is not matched", async () => {
    expect((await e.check(input("follower kaufen jetzt", { language: "en" }), now)).decision).toBe("allow");
    expect((await e.check(input("follower kaufen jetzt", { language: "de-DE" }), now)).reasonCode).toBe(
      "blocked_phrase",
    );
    expect((await e.check(input("f0llower kaufen jetzt"), now)).reasonCode).toBe("blocked_phrase");
  });
  test("the action is configurable per rule", async () => {
    const off = engine({ TS_RULE_ACTIONS: JSON.stringify({ blocked_phrase: "off" }) });
    expect((await off.check(input("buy followers"), now)).decision).toBe("allow");
    const hold = engine({ TS_RULE_ACTIONS: JSON.stringify({ blocked_phrase: "hold" }) });
    expect((await hold.check(input("buy followers"), now)).decision).toBe("hold");
  });
});

describe("profanity (obscenity's English dataset) labels", async () => {
  const e = engine();
  test.each(["what the fuck", "sh1t happens", "f u c k this", "$h!t", "fvck"])(
    "%s → label profanity",
    async (text) => {
      const out = await e.check(input(text), now);
      expect(out.decision).toBe("label");
      expect(out.labels).toEqual(["profanity"]);
    },
  );
  test.each(["class assignment", "Scunthorpe is a town", "assessment passed"])("%s → allow", async (text) => {
    expect((await e.check(input(text), now)).decision).toBe("allow");
  });
});

describe("link/domain blocklist on the registrable domain", async () => {
  const e = engine();
  test.each([
    "see https://evil.example/x",
    "see http://www.EVIL.example:8080/x?y=1",
    "see a.b.evil.example/path",
    "see evil[.]example",
    "see evil(dot)example",
    "see hxxp://evil.example",
    "see еvil.example", // Cyrillic е
    "see shop.spam-shop.co.uk",
  ])("%s → reject blocked_domain", async (text) => {
    const out = await e.check(input(text), now);
    expect(out.decision).toBe("reject");
    expect(out.reasonCode).toBe("blocked_domain");
  });
  test.each(["see https://notevil.example", "see evil.example.org", "see co.uk news", "evil example"])(
    "%s → allow",
    async (text) => {
      expect((await e.check(input(text), now)).decision).toBe("allow");
    },
  );
  test("hosts are extracted from schemes and bare hosts, confusables resolved", async () => {
    expect(extractHosts("go to https://Bücher.example/a and x.y.org and ünï.example")).toEqual([
      "bucher.example",
      "x.y.org",
      "uni.example",
    ]);
  });
});

describe("spam heuristics", async () => {
  test("velocity: more than the per-minute limit holds; a new account has a lower limit", async () => {
    const e = engine({ TS_VELOCITY_PER_MINUTE: "3" });
    const acct = crypto.randomUUID();
    const decisions: string[] = [];
    for (const i of [0, 1, 2, 3])
      decisions.push(
        (
          await e.check(
            input(`post number ${i} different words ${i * 7}`, { accountId: acct }),
            new Date(now.getTime() + i * 1000),
          )
        ).decision,
      );
    expect(decisions).toEqual(["allow", "allow", "allow", "hold"]);
    // A minute later the window has moved on.
    expect(
      (await e.check(input("a later post about cats", { accountId: acct }), new Date(now.getTime() + 70_000)))
        .decision,
    ).toBe("allow");
    const fresh = crypto.randomUUID();
    const created = new Date(now.getTime() - 3_600_000);
    const newDecisions: string[] = [];
    for (let i = 0; i < 6; i++)
      newDecisions.push(
        (
          await e.check(
            input(`new ${i} ${"x".repeat(i)}`, { accountId: fresh, accountCreatedAt: created }),
            now,
          )
        ).decision,
      );
    expect(newDecisions.at(-1)).toBe("hold");
  });

  test("near-duplicates across accounts (SimHash) hold after TS_DUPLICATE_MAX, with small edits too", async () => {
    const e = engine();
    const base = "Check out this amazing opportunity to double your savings this week only";
    const variants = [
      base,
      `${base}!`,
      base.toUpperCase(),
      base.replace("amazing", "incredible"),
      `${base} now`,
    ];
    const out = [];
    for (const t of variants) out.push(await e.check(input(t), now));
    expect(out.slice(0, 3).map((o) => o.decision)).toEqual(["allow", "allow", "allow"]);
    expect(out[3]?.decision).toBe("hold");
    expect(out[3]?.reasonCode).toBe("near_duplicate");
    expect(out[4]?.reasons.find((r) => r.rule === "near_duplicate")?.detail).toMatch(
      /near-duplicates from [34] account\(s\)/,
    );
    expect(
      (await e.check(input("A completely unrelated sentence about gardening and tomatoes"), now)).decision,
    ).toBe("allow");
  });

  test("SimHash: near texts are a few bits apart, unrelated ones far", async () => {
    const a = simhash(shingles(words("the quick brown fox jumps over the lazy dog again and again")));
    const b = simhash(shingles(words("the quick brown fox jumps over the lazy dog again and again!")));
    const c = simhash(shingles(words("the quick brown fox leaps over the lazy dog again and again")));
    const d = simhash(shingles(words("completely different text about databases and indexes and locks")));
    expect(hammingDistance(a, b)).toBe(0);
    expect(hammingDistance(a, c)).toBeLessThan(hammingDistance(a, d));
    expect(hammingDistance(a, d)).toBeGreaterThan(10);
    // The allocation-free form used on the write path is the same fingerprint.
    const t = words("the quick brown fox jumps over the lazy dog again and again");
    expect(simhashOf(t)).toEqual(simhash(shingles(t)));
    expect(simhashOf(["abc"])).toEqual(simhash(shingles(["abc"])));
  });

  test("mention and hashtag flooding", async () => {
    const e = engine();
    const mentions = Array.from({ length: 9 }, (_, i) => `@user${i}`).join(" ");
    expect(await e.check(input(`hi ${mentions}`), now)).toMatchObject({
      decision: "reject",
      reasonCode: "mention_flood",
    });
    expect((await e.check(input("hi @a @b @c @a @a @a @a @a @a"), now)).decision).toBe("allow");
    const tags = Array.from({ length: 11 }, (_, i) => `#tag${i}`).join(" ");
    expect(await e.check(input(`look ${tags}`), now)).toMatchObject({ decision: "label", labels: ["spam"] });
    expect((await e.check(input("email me at a@b.example"), now)).decision).toBe("allow");
  });

  test("new accounts posting links are held; older accounts are not", async () => {
    const e = engine();
    const young = new Date(now.getTime() - 60_000);
    const old = new Date(now.getTime() - 30 * 86_400_000);
    expect(await e.check(input("visit example.org today", { accountCreatedAt: young }), now)).toMatchObject({
      decision: "hold",
      reasonCode: "new_account_links",
    });
    expect((await e.check(input("visit example.org today", { accountCreatedAt: old }), now)).decision).toBe(
      "allow",
    );
  });

  test("profile fields are checked for words but not counted as writes", async () => {
    const e = engine({ TS_VELOCITY_PER_MINUTE: "1" });
    const acct = crypto.randomUUID();
    for (let i = 0; i < 3; i++)
      expect((await e.check(input(`bio ${i}`, { accountId: acct, subjectType: "bio" }), now)).decision).toBe(
        "allow",
      );
    expect((await e.check(input("buy followers", { subjectType: "display_name" }), now)).decision).toBe(
      "reject",
    );
  });

  test("the strongest action decides; every fired rule is a reason", async () => {
    const out = await engine().check(input("fuck, buy followers at evil.example"), now);
    expect(out.decision).toBe("reject");
    expect(out.reasons.map((r) => r.rule).sort()).toEqual(["blocked_domain", "blocked_phrase", "profanity"]);
  });
});

test("collapseSpacing joins single letters but keeps words apart", async () => {
  expect(collapseSpacing("f u c k")).toBe("fuck");
  expect(collapseSpacing("is camera")).toBe("is camera");
  expect(collapseSpacing("b.u.y f.o.l.l.o.w.e.r.s")).toBe("buyfollowers");
  expect(collapseSpacing("buy-followers!!")).toBe("buy followers");
});
