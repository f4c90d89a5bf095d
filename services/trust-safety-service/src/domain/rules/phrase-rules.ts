import { englishDataset, englishRecommendedTransformers, parseRawPattern, RegExpMatcher } from "obscenity";
import { collapseSpacing } from "./normalize-text.ts";
import type { RuleHit } from "./rule-types.ts";

interface ListedPhrase {
  language: string;
  phrase: string;
}

// obscenity's pattern syntax gives meaning to these; a configured phrase is plain text.
const PATTERN_SYNTAX = /[[\]?|\\]/g;

/**
 * Two matchers on obscenity's English transformers (confusables, leetspeak, case, repeated letters):
 * the configured per-language phrase lists (whole words: `|phrase|`) and obscenity's English
 * profanity dataset. Each text is matched as written and with spacing obfuscation undone.
 */
export interface PhraseRules {
  /** The forms of a text both matchers look at (as written; spacing obfuscation undone): compute once per check. */
  variants(text: string): string[];
  blockedPhrases(text: string | readonly string[], language?: string): RuleHit[];
  profanity(text: string | readonly string[]): RuleHit[];
}

export function createPhraseRules(lists: Record<string, readonly string[]>): PhraseRules {
  const phrases: ListedPhrase[] = [];
  for (const [language, entries] of Object.entries(lists))
    for (const raw of entries) {
      const phrase = raw.toLowerCase().replace(PATTERN_SYNTAX, "").replace(/\s+/g, " ").trim();
      if (phrase) phrases.push({ language: language.toLowerCase(), phrase });
    }
  // Each phrase also without its spaces ("buyfollowers"): spacing obfuscation collapses words together.
  const terms = phrases.flatMap((p, id) => {
    const compact = p.phrase.replaceAll(" ", "");
    const patterns = compact === p.phrase ? [p.phrase] : [p.phrase, compact];
    return patterns.map((pattern, i) => ({ id: id * 2 + i, pattern: parseRawPattern(`|${pattern}|`) }));
  });
  const blocked = phrases.length
    ? new RegExpMatcher({
        blacklistedTerms: terms,
        ...englishRecommendedTransformers,
      })
    : null;
  const profane = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

  const variants = (text: string) => {
    const collapsed = collapseSpacing(text);
    return collapsed === text ? [text] : [text, collapsed];
  };
  const forms = (text: string | readonly string[]) => (typeof text === "string" ? variants(text) : text);

  return {
    variants,
    blockedPhrases(text, language) {
      if (!blocked) return [];
      const lang = language?.toLowerCase().split("-")[0];
      const ids = new Set<number>();
      for (const v of forms(text))
        for (const m of blocked.getAllMatches(v)) ids.add(Math.floor(m.termId / 2));
      return [...ids]
        .map((id) => phrases[id] as ListedPhrase)
        .filter((p) => !lang || p.language === lang || p.language === "*")
        .map((p) => ({ rule: "blocked_phrase", label: "blocked", detail: `${p.language}: "${p.phrase}"` }));
    },
    profanity(text) {
      const words = new Set<string>();
      for (const v of forms(text))
        for (const m of profane.getAllMatches(v)) {
          const meta = englishDataset.getPayloadWithPhraseMetadata(m);
          words.add(meta.phraseMetadata?.originalWord ?? "profanity");
        }
      return words.size
        ? [{ rule: "profanity", label: "profanity", detail: `english dataset: ${[...words].join(", ")}` }]
        : [];
    },
  };
}
