import {
  GetSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from "@aws-sdk/client-secrets-manager";
import { FailedPreconditionError, NotFoundError, UnavailableError } from "@nova/errors";

/** Reads one secret's current value from AWS Secrets Manager. */
export type AwsSecretFetcher = (secretId: string, jsonKey?: string) => Promise<string>;

/** Builds a fetcher over a Secrets Manager client (region/endpoint/credentials as the SDK takes them). */
export function createAwsSecretFetcher(
  config: SecretsManagerClientConfig | SecretsManagerClient,
): AwsSecretFetcher {
  const client = config instanceof SecretsManagerClient ? config : new SecretsManagerClient(config);
  return async function fetchAwsSecret(secretId, jsonKey) {
    let text: string;
    try {
      const r = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (r.SecretString !== undefined) text = r.SecretString;
      else if (r.SecretBinary) text = new TextDecoder().decode(r.SecretBinary);
      else throw new FailedPreconditionError(`secret ${secretId} has no value`);
    } catch (err) {
      if (err instanceof FailedPreconditionError) throw err;
      if ((err as Error).name === "ResourceNotFoundException") throw new NotFoundError("secret", secretId);
      throw new UnavailableError(
        `Secrets Manager GetSecretValue(${secretId}) failed: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    if (jsonKey === undefined) return text;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new FailedPreconditionError(`secret ${secretId} is not JSON, so #${jsonKey} cannot be read`);
    }
    const field = (doc as Record<string, unknown> | null)?.[jsonKey];
    if (typeof field !== "string" && typeof field !== "number") {
      throw new FailedPreconditionError(`secret ${secretId} has no string field ${jsonKey}`);
    }
    return String(field);
  };
}
