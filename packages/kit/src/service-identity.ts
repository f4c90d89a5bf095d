import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadServiceIdentityFromFiles, type ServiceIdentity } from "@nova/auth";
import { type BaseConfig, SERVICES } from "@nova/config";
import { devServicePaths, ensureDevPki } from "./dev-pki.ts";

/** Repository root: the dev PKI lives in `<root>/.nova/pki` unless NOVA_PKI_DIR says otherwise. */
const REPO_ROOT = join(import.meta.dir, "../../..");

/** The dev PKI directory for `config` (NOVA_PKI_DIR, else `<repo>/.nova/pki`). */
export function devPkiDir(config: Pick<BaseConfig, "identity">): string {
  return config.identity.pkiDir ?? join(REPO_ROOT, ".nova", "pki");
}

/**
 * The service's identity: its signing key and the trust bundle from SERVICE_KEY_PATH and
 * SERVICE_TRUST_BUNDLE_PATH (production: secrets mounted as files, re-read on change), or, when
 * both are unset (development), from the dev PKI, made on first start. One PKI serves the whole
 * repository, so `bun run dev` and a service started alone trust each other.
 */
export function createServiceIdentityFromConfig(
  config: Pick<BaseConfig, "service" | "identity">,
  opts: { clock?: () => Date } = {},
): ServiceIdentity {
  const name = config.service.name;
  const { keyPath, trustBundlePath } = config.identity;
  if (keyPath && trustBundlePath)
    return loadServiceIdentityFromFiles(name, { keyPath, trustBundlePath }, { clock: opts.clock });
  const dir = devPkiDir(config);
  ensureDevPki(
    dir,
    SERVICES.map((s) => s.name),
  );
  const paths = devServicePaths(dir, name);
  if (!existsSync(paths.keyPath))
    throw new Error(
      `the development PKI in ${dir} has no key for ${name} (made before the service existed): delete the directory and start again`,
    );
  return loadServiceIdentityFromFiles(
    name,
    { keyPath: paths.keyPath, trustBundlePath: paths.trustBundlePath },
    {
      clock: opts.clock,
    },
  );
}
