import { resolveConfusablesTransformer } from "obscenity";

const confusables = resolveConfusablesTransformer();

/** Maps look-alike characters (Cyrillic о, fullwidth ｅ, ſ …) to their Latin letter, one code point at a time. */
export function resolveConfusables(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const mapped = confusables.transform(code);
    out += typeof mapped === "number" ? String.fromCodePoint(mapped) : ch;
  }
  return out;
}

// Separators inside words that obfuscation uses ("b.u.y", "buy-followers", "s_c_a_m"); the
// characters leetspeak uses ($ @ ! | 0-9) stay so the matcher can resolve them.
const SEPARATORS = /[\s.,;:_\-*~/\\'"`^=+<>(){}[\]]+/u;

/**
 * Undoes spacing obfuscation: splits on separators and joins runs of single characters back into
 * one word ("f u c k" → "fuck", "b.u.y f.o.l.l.o.w.e.r.s" → "buy followers"). Whole words stay
 * words, so matching on the result keeps word boundaries ("is camera" stays two words).
 */
export function collapseSpacing(text: string): string {
  // "!" and "?" end sentences far more often than they stand for letters: trailing ones go.
  const tokens = text
    .normalize("NFKC")
    .split(SEPARATORS)
    .map((t) => (t.length > 1 ? t.replace(/[!?]+$/u, "") : t))
    .filter(Boolean);
  const words: string[] = [];
  let run = "";
  for (const token of tokens) {
    if ([...token].length === 1) {
      run += token;
      continue;
    }
    if (run) words.push(run);
    run = "";
    words.push(token);
  }
  if (run) words.push(run);
  return words.join(" ");
}
