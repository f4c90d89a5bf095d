export { type AwsSecretFetcher, createAwsSecretFetcher } from "./aws-secret-fetcher.ts";
export {
  createSecretResolver,
  type SecretResolver,
  type SecretResolverOptions,
} from "./create-secret-resolver.ts";
export { resolveSource, type SecretSource } from "./secret-reference.ts";
