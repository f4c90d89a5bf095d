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
import { SpamMemory } from "./spam-memory.ts";

const MENTION = /(?:^|[^\p{L}\p{N}_])@([\p{L}\p{N}_.]{1,64})/gu;
const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]{1,100})/gu;
// Texts shorter than this many words are not compared for near-duplicates ("lol", "thanks!").
const MIN_DUPLICATE_WORDS = 4;
// Profile fields are not writes in the spam sense: no velocity or duplicate counting.
const PROFILE_FIELDS = new Set(["display_name", "bio", "username"]);

export type RuleEngine = { check(input: CheckInput, now: Date): CheckOutcome };

const distinct = (re: RegExp, text: string) =>
  new Set([...text.matchAll(re)].map((m) => (m[1] ?? "").toLowerCase())).size;

/**
 * Every automated rule over one write, in process: phrase lists and profanity (obscenity), the
 * domain blocklist, and the spam heuristics (velocity, near-duplicates, mention/hashtag flooding,
 * new-account links). Each fired rule is reported with its configured action; the decision is the
 * strongest of them, and the reason code is the first rule giving that decision.
 */
export function createRuleEngine(extra: ServiceConfig["extra"]): RuleEngine {
  const actions = extra.TS_RULE_ACTIONS;
  const phrases = createPhraseRules(extra.TS_BLOCKED_PHRASES);
  const links = createLinkRules(extra.TS_BLOCKED_DOMAINS);
  const memory = new SpamMemory({
    velocityWindowMs: 60_000,
    duplicateWindowMs: extra.TS_DUPLICATE_WINDOW,
    maxTexts: 200_000,
  });
  const on = (rule: RuleName) => actions[rule] !== "off";

  return {
    check(input, now) {
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
        const at = now.getTime();
        const count = memory.recordWrite(input.accountId, at);
        const limit = isNew ? extra.TS_NEW_ACCOUNT_PER_MINUTE : extra.TS_VELOCITY_PER_MINUTE;
        if (on("velocity") && count > limit)
          hits.push({
            rule: "velocity",
            label: "spam",
            detail: `${count} writes in a minute (max ${limit}${isNew ? ", new account" : ""})`,
          });
        const tokens = words(text);
        if (tokens.length >= MIN_DUPLICATE_WORDS) {
          const seen = memory.recordText(input.accountId, simhashOf(tokens), at);
          if (on("near_duplicate") && seen.count >= extra.TS_DUPLICATE_MAX)
            hits.push({
              rule: "near_duplicate",
              label: "spam",
              detail: `${seen.count} near-duplicates from ${seen.accounts} account(s) in the window`,
            });
        }
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
