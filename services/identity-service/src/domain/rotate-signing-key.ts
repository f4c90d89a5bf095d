import { readFile } from "node:fs/promises";
import { FailedPreconditionError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { embeddedKeyPath, generateKeyFile, signingKeyFromPem } from "../keys/load-signing-key.ts";

/**
 * Embedded default only: generates a new signing key under `<NOVA_DATA_DIR>/keys/` and signs with it
 * from now on. The old key stays in the JWKS until the last token it signed has expired. With
 * JWT_* keys configured, rotation is a deploy of the new key (the JWKS handles the overlap the same way).
 */
export async function rotateSigningKey({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<{ kid: string; previousKid: string }> {
  const { jwt } = ctx.config;
  if (jwt.privateKeyPem || jwt.privateKeyPath)
    throw new FailedPreconditionError(
      "signing keys come from JWT_* configuration; rotate by deploying a new key",
    );
  const previousKid = ctx.keys.current().kid;
  const path = embeddedKeyPath(ctx.config.dataDir);
  await generateKeyFile(path);
  const key = await signingKeyFromPem(await readFile(path, "utf8"), undefined);
  await ctx.keys.use(key);
  ctx.log.info("signing key rotated", { kid: key.kid, previousKid });
  return { kid: key.kid, previousKid };
}
