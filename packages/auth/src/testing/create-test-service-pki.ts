import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Interceptor } from "@connectrpc/connect";
import { createServiceIdentity, type ServiceIdentity } from "../service-identity.ts";
import { SERVICE_TOKEN_HEADER, type ServiceSigningKey } from "../service-token.ts";
import { keyId, parseTrustBundle, type TrustBundle, trustBundleJson } from "../trust-bundle.ts";

/** Service keys made at test time: every identity it hands out trusts all the others. */
export interface TestServicePki {
  /** The identity of `service` (its key is made on first use and joins the shared bundle). */
  identity(service: string, opts?: { clock?: () => Date }): ServiceIdentity;
  /** Headers proving `caller` to `callee`: `{ "x-nova-service-token": … }`. */
  headers(caller: string, callee: string): Promise<Record<string, string>>;
  /** Connect interceptor adding `caller`'s token for `callee` to every call (harness clients). */
  interceptor(caller: string, callee: string): Interceptor;
  /** A new key for `service` (rotation): signs from now on; the old one stays trusted unless `dropOld`. */
  rotate(service: string, opts?: { dropOld?: boolean }): void;
  /** The signing key currently used by `service` (tests forge tokens with it or with another key). */
  signingKey(service: string): ServiceSigningKey;
  /** The bundle as JSON, as SERVICE_TRUST_BUNDLE_PATH would hold it. */
  bundleJson(): string;
}

/** An in-memory PKI for services' tests: pass `identity(name)` as the context's `identity` override. */
export function createTestServicePki(): TestServicePki {
  const current = new Map<string, ServiceSigningKey>();
  const trusted = new Map<string, KeyObject[]>();
  let bundle: TrustBundle = parseTrustBundle('{"services":{}}');
  const rebuild = () => {
    bundle = parseTrustBundle(trustBundleJson(Object.fromEntries(trusted)));
  };
  const newKey = (service: string) => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    current.set(service, { privateKey, kid: keyId(publicKey) });
    trusted.set(service, [...(trusted.get(service) ?? []), publicKey]);
    rebuild();
  };
  const keyOf = (service: string): ServiceSigningKey => {
    if (!current.has(service)) newKey(service);
    return current.get(service) as ServiceSigningKey;
  };
  const identities = new Map<string, ServiceIdentity>();
  const identity = (service: string, opts: { clock?: () => Date } = {}) => {
    keyOf(service);
    const make = () =>
      createServiceIdentity({
        service,
        signingKey: () => keyOf(service),
        trustBundle: () => bundle,
        clock: opts.clock,
      });
    if (opts.clock) return make();
    let id = identities.get(service);
    if (!id) {
      id = make();
      identities.set(service, id);
    }
    return id;
  };
  return {
    identity,
    async headers(caller, callee) {
      return { [SERVICE_TOKEN_HEADER]: await identity(caller).tokenFor(callee) };
    },
    interceptor(caller, callee) {
      return (next) => async (req) => {
        req.header.set(SERVICE_TOKEN_HEADER, await identity(caller).tokenFor(callee));
        return next(req);
      };
    },
    rotate(service, opts = {}) {
      if (opts.dropOld) trusted.set(service, []);
      newKey(service);
    },
    signingKey: keyOf,
    bundleJson: () => trustBundleJson(Object.fromEntries(trusted)),
  };
}
