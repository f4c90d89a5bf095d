import type { CacheStore } from "@nova/cache";
import type { ServiceConfig } from "../../config.ts";
import { createLinkRules } from "./link-rules.ts";
import { createPhraseRules } from "./phrase-rules.ts";
import {
  type CheckInput,
  type CheckOutcome,
  type Decision,
  type RuleAction,
  type RuleHit,
  type RuleName,
  stronger,
} from "./rule-types.ts";
import { simhashOf, words } from "./simhash.ts";
import { createSpamMemory, type SpamMemory } from "./spam-memory.ts";

const MENTION = /(?:^|[^\p{L}\p{N}_])@([\p{L}\p{N}_.]{1,64})/gu;
const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]{1,100})/gu;
// Texts shorter than this many words are not compared for near-duplicates ("lol", "thanks!").
const MIN_DUPLICATE_WORDS = 4;
// Profile fields are not writes in the spam sense: no velocity or duplicate counting.
const PROFILE_FIELDS = new Set(["display_name", "bio", "username"]);

export type RuleEngine = { check(input: CheckInput, now: Date): Promise<CheckOutcome> };

const distinct = (re: RegExp, text: string) =>
  new Set([...text.matchAll(re)].map((m) => (m[1] ?? "").toLowerCase())).size;

/**
 * Every automated rule over one write: phrase lists and profanity (obscenity), the domain
 * blocklist, and the spam heuristics (velocity, near-duplicates, mention/hashtag flooding,
 * new-account links) — in process, but for the spam memory (velocity and near-duplicates), which
 * lives in the shared cache so all replicas count together: one `zlogAppend` per write. Each fired
 * rule is reported with its configured action; the decision is the strongest of them, and the
 * reason code is the first rule giving that decision.
 */
export function createRuleEngine(
  extra: ServiceConfig["extra"],
  cache: CacheStore,
  opts: { keyPrefix?: string } = {},
): RuleEngine {
  const actions = extra.TS_RULE_ACTIONS;
  const phrases = createPhraseRules(extra.TS_BLOCKED_PHRASES);
  const links = createLinkRules(extra.TS_BLOCKED_DOMAINS);
  const memory: SpamMemory = createSpamMemory(cache, {
    velocityWindowMs: 60_000,
    duplicateWindowMs: extra.TS_DUPLICATE_WINDOW,
    // Enough to report a flood's real count in the reason (write limits cap writes well below this);
    // the rule only needs the larger per-minute limit exceeded.
    velocityKeep: Math.max(1000, extra.TS_VELOCITY_PER_MINUTE, extra.TS_NEW_ACCOUNT_PER_MINUTE) + 1,
    ...(opts.keyPrefix ? { prefix: opts.keyPrefix } : {}),
  });
  const on = (rule: RuleName) => actions[rule] !== "off";

  return {
    async check(input, now) {
      const hits: RuleHit[] = [];
      const text = input.text;
      const forms = phrases.variants(text);
      if (on("blocked_phrase")) hits.push(...phrases.blockedPhrases(forms, input.language));
      if (on("profanity")) hits.push(...phrases.profanity(forms));
      const hosts = links.hosts(text);
      if (on("blocked_domain")) hits.push(...links.blockedDomains(hosts));
      const isNew =
        !!input.accountCreatedAt &&
        now.getTime() - input.accountCreatedAt.getTime() < extra.TS_NEW_ACCOUNT_AGE;
      if (on("new_account_links") && isNew && hosts.length > 0)
        hits.push({
          rule: "new_account_links",
          label: "spam",
          detail: `new account linking ${hosts.join(", ")}`,
        });
      const mentions = distinct(MENTION, text);
      if (on("mention_flood") && mentions > extra.TS_MAX_MENTIONS)
        hits.push({
          rule: "mention_flood",
          label: "spam",
          detail: `${mentions} mentions (max ${extra.TS_MAX_MENTIONS})`,
        });
      const hashtags = distinct(HASHTAG, text);
      if (on("hashtag_flood") && hashtags > extra.TS_MAX_HASHTAGS)
        hits.push({
          rule: "hashtag_flood",
          label: "spam",
          detail: `${hashtags} hashtags (max ${extra.TS_MAX_HASHTAGS})`,
        });
      if (!PROFILE_FIELDS.has(input.subjectType)) {
        const tokens = words(text);
        const fp = tokens.length >= MIN_DUPLICATE_WORDS ? simhashOf(tokens) : undefined;
        const seen = await memory.record(input.accountId, fp, now.getTime());
        const limit = isNew ? extra.TS_NEW_ACCOUNT_PER_MINUTE : extra.TS_VELOCITY_PER_MINUTE;
        if (on("velocity") && seen.writes > limit)
          hits.push({
            rule: "velocity",
            label: "spam",
            detail: `${seen.writes} writes in a minute (max ${limit}${isNew ? ", new account" : ""})`,
          });
        const dup = seen.duplicates;
        if (on("near_duplicate") && dup && dup.count >= extra.TS_DUPLICATE_MAX)
          hits.push({
            rule: "near_duplicate",
            label: "spam",
            detail: `${dup.count} near-duplicates from ${dup.accounts} account(s) in the window`,
          });
      }
      return decide(hits, actions);
    },
  };
}

/** The decision over the rules that fired: the strongest action; the reason code is its first rule. */
export function decide(
  hits: readonly RuleHit[],
  actions: Record<RuleName, RuleAction | "off">,
): CheckOutcome {
  let decision: Decision = "allow";
  const reasons = hits.map((h) => ({
    rule: h.rule,
    action: actions[h.rule] as RuleAction,
    detail: h.detail,
  }));
  for (const r of reasons) decision = stronger(decision, r.action);
  const deciding = reasons.find((r) => r.action === decision);
  const labels = [...new Set(hits.filter((h) => actions[h.rule] === "label").map((h) => h.label))];
  return { decision, labels, reasonCode: decision === "allow" ? "" : (deciding?.rule ?? ""), reasons };
}
