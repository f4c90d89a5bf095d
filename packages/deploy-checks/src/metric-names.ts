/** PromQL words that are not metric names: functions are skipped by the `(` that follows them. */
const KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "and",
  "or",
  "unless",
  "offset",
  "inf",
  "nan",
  "le",
]);

/**
 * Metric names a PromQL expression reads. Strings, label matchers (`{…}`), ranges (`[…]`) and
 * grouping clauses are removed first; what remains that is an identifier not followed by `(` is a
 * metric. Enough for the rules and dashboard here (no `__name__` matchers, no subqueries with names).
 */
export function promqlMetricNames(expr: string): Set<string> {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const rest = stripped.slice((match.index ?? 0) + word.length);
    if (/^\s*\(/.test(rest) || KEYWORDS.has(word.toLowerCase())) continue;
    // Exponents like 1e3 are split by the regex into "e3": skip words glued to a digit.
    const before = stripped[(match.index ?? 0) - 1];
    if (before && /[0-9.]/.test(before)) continue;
    names.add(word);
  }
  return names;
}

/**
 * Series names a Prometheus text exposition offers, from its `# TYPE` lines (so metrics with no
 * sample yet count too). Histograms and summaries expand to their `_bucket`/`_sum`/`_count` series.
 */
export function exposedMetricNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split("\n")) {
    const m = /^# TYPE (\S+) (\S+)/.exec(line);
    if (!m) continue;
    const [, name = "", type] = m;
    names.add(name);
    if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(`${name}${s}`);
    if (type === "summary") for (const s of ["_sum", "_count"]) names.add(`${name}${s}`);
  }
  return names;
}
