import { stringify } from "yaml";

/** Multi-document YAML with a leading comment block, as the checked-in manifests are written. */
export function toYamlDocuments(header: string[], docs: readonly object[]): string {
  const comment = header.map((line) => (line ? `# ${line}` : "#")).join("\n");
  const body = docs
    .map((doc) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join("---\n");
  return `${comment}\n${body}`;
}
