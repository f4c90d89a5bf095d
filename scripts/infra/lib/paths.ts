import { resolve } from "node:path";

/** Repository root. */
export const REPO_ROOT = resolve(import.meta.dir, "../../..");

/** State, downloads and logs of the real engines (git-ignored); NOVA_ENGINES_DIR overrides it. */
export const ENGINES_DIR = process.env.NOVA_ENGINES_DIR ?? resolve(REPO_ROOT, ".engines");

/** The folder of one engine under {@link ENGINES_DIR}. */
export function engineDir(name: string): string {
  return resolve(ENGINES_DIR, name);
}
