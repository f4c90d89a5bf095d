import { parseAllDocuments } from "yaml";
import { requireTool, run } from "./require-tool.ts";

/** A Kubernetes object as parsed from YAML (only the fields every object has are typed). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: parsed YAML; tests narrow what they read
  [field: string]: any;
}

/** Parses a multi-document YAML stream; throws on a syntax error or a document that is not an object. */
export function parseManifests(text: string, source = "manifest"): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join("; ")}`);
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || !value.kind || !value.apiVersion || !value.metadata?.name)
      throw new Error(`${source}: a document is not a Kubernetes object`);
    objects.push(value as KubeObject);
  }
  return objects;
}

/** `kubectl kustomize <dir>` parsed into objects; fails (MissingToolError) when kubectl is absent. */
export function renderKustomization(dir: string): KubeObject[] {
  const kubectl = requireTool("kubectl");
  const out = run([kubectl, "kustomize", dir]);
  if (out.code !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${out.stderr}`);
  return parseManifests(out.stdout, dir);
}
