/**
 * The text-search configuration of a post: what content says when it says (not yet on its Post
 * message), else a cheap guess from the text, else the author's interface language, else english.
 * Configurations are PostgreSQL's built-in snowball ones; `simple` words are indexed beside them,
 * so a wrong guess still finds exact words.
 */

/** BCP 47 primary language → PostgreSQL text-search configuration. */
export const CONFIG_OF_LANGUAGE: Readonly<Record<string, string>> = {
  ar: "arabic",
  ca: "catalan",
  da: "danish",
  de: "german",
  el: "greek",
  en: "english",
  es: "spanish",
  eu: "basque",
  fi: "finnish",
  fr: "french",
  ga: "irish",
  hi: "hindi",
  hu: "hungarian",
  hy: "armenian",
  id: "indonesian",
  it: "italian",
  lt: "lithuanian",
  nb: "norwegian",
  ne: "nepali",
  nl: "dutch",
  nn: "norwegian",
  no: "norwegian",
  pt: "portuguese",
  ro: "romanian",
  ru: "russian",
  sr: "serbian",
  sv: "swedish",
  ta: "tamil",
  tr: "turkish",
  yi: "yiddish",
};

/** The configuration of a BCP 47 tag ("de-AT" → german); undefined when PostgreSQL has none. */
export function configOfLanguage(tag: string | undefined | null): string | undefined {
  if (!tag) return undefined;
  return CONFIG_OF_LANGUAGE[tag.toLowerCase().split(/[-_]/)[0] ?? ""];
}

/** The BCP 47 primary tag of a configuration (for views and filters). */
export function languageOfConfig(config: string): string | undefined {
  return Object.entries(CONFIG_OF_LANGUAGE).find(([, c]) => c === config)?.[0];
}

// The commonest function words of the Latin-script languages told apart most often; a text is
// guessed only when it holds at least two of one list and more than of any other.
const FUNCTION_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  english: new Set("the and is are was of to in that it for with on this you not be have".split(" ")),
  german: new Set(
    "der die das und ist nicht ein eine ich du mit auf für von zu den dem sich auch".split(" "),
  ),
  french: new Set("le la les et est une des du pour pas dans que qui avec sur au je nous vous".split(" ")),
  spanish: new Set("el la los las y es una del por para con que no en muy pero como al lo".split(" ")),
  italian: new Set("il lo la gli e è una del della per con che non di sono ma come anche".split(" ")),
  portuguese: new Set("o a os as e é um uma do da para com que não em são mas como muito".split(" ")),
  dutch: new Set("de het een en is van dat niet op te met voor zijn ik maar ook".split(" ")),
  swedish: new Set("och är att det som en på för med inte jag har av till den".split(" ")),
};

// Scripts that name their language outright.
const SCRIPTS: readonly [RegExp, string][] = [
  [/\p{Script=Cyrillic}/u, "russian"],
  [/\p{Script=Greek}/u, "greek"],
  [/\p{Script=Arabic}/u, "arabic"],
  [/\p{Script=Armenian}/u, "armenian"],
  [/\p{Script=Tamil}/u, "tamil"],
  [/\p{Script=Hebrew}/u, "yiddish"],
];

/** A guess from the text alone; undefined when it does not say clearly. */
export function guessConfig(text: string): string | undefined {
  const letters = text.replace(/[#@]\S+/g, " ");
  for (const [script, config] of SCRIPTS) {
    const n = letters.match(new RegExp(script.source, "gu"))?.length ?? 0;
    if (n >= 3) return config;
  }
  const words = letters.toLowerCase().match(/\p{L}+/gu) ?? [];
  let best: string | undefined;
  let bestHits = 0;
  let runnerUp = 0;
  for (const [config, list] of Object.entries(FUNCTION_WORDS)) {
    const hits = words.filter((w) => list.has(w)).length;
    if (hits > bestHits) {
      runnerUp = bestHits;
      bestHits = hits;
      best = config;
    } else if (hits > runnerUp) runnerUp = hits;
  }
  return bestHits >= 2 && bestHits > runnerUp ? best : undefined;
}
