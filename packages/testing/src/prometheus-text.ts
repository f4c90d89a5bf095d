/**
 * Strict check of the Prometheus text exposition format (0.0.4): every sample belongs to a
 * family declared by # TYPE, names and labels are well formed, values are floats. Returns the
 * problems found (empty when valid) and the family names.
 */
export function parsePrometheusText(text: string): { problems: string[]; families: Map<string, string> } {
  const problems: string[] = [];
  const families = new Map<string, string>();
  const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
  const SAMPLE =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})?\s+(\S+)(\s+-?\d+)?$/;
  const SUFFIXES = ["_bucket", "_sum", "_count", "_total", "_created", "_info"];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trimEnd();
    if (line === "") continue;
    if (line.startsWith("# TYPE ")) {
      const [name, type] = line.slice(7).split(" ");
      if (!name || !NAME.test(name)) problems.push(`line ${i + 1}: bad metric name in TYPE`);
      if (!["counter", "gauge", "histogram", "summary", "untyped"].includes(type ?? ""))
        problems.push(`line ${i + 1}: bad type ${type}`);
      if (name && families.has(name)) problems.push(`line ${i + 1}: duplicate TYPE for ${name}`);
      if (name) families.set(name, type ?? "");
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m) {
      problems.push(`line ${i + 1}: not a valid sample: ${line.slice(0, 80)}`);
      continue;
    }
    const name = m[1] as string;
    const value = m[3] as string;
    if (!/^(NaN|[+-]?Inf|[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.test(value))
      problems.push(`line ${i + 1}: bad value ${value}`);
    const family = families.has(name)
      ? name
      : SUFFIXES.map((s) => (name.endsWith(s) ? name.slice(0, -s.length) : "")).find(
          (f) => f && families.has(f),
        );
    if (!family) problems.push(`line ${i + 1}: sample ${name} has no # TYPE`);
  }
  return { problems, families };
}
