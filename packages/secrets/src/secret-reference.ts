import { FailedPreconditionError, InvalidArgumentError } from "@nova/errors";

/** Where a secret's value comes from. */
export type SecretSource =
  | { kind: "env"; name: string; value: string }
  | { kind: "file"; name: string; path: string }
  | { kind: "aws-sm"; name: string; secretId: string; jsonKey?: string };

const NAME = /^[A-Z][A-Z0-9_]*$/;
const AWS_SM = "aws-sm://";

/**
 * Finds how secret `name` is configured: `NAME_PATH` or `NAME_FILE` (a file, e.g. a mounted
 * Kubernetes secret), or `NAME` holding either the value or `aws-sm://<secret-id>[#json-key]`.
 * Setting more than one is an error rather than a silent precedence rule.
 */
export function resolveSource(name: string, env: Record<string, string | undefined>): SecretSource {
  if (!NAME.test(name)) {
    throw new InvalidArgumentError(`secret name ${name} must be UPPER_SNAKE_CASE`, [
      { field: "name", message: "must match ^[A-Z][A-Z0-9_]*$" },
    ]);
  }
  const set = (v: string | undefined) => (v !== undefined && v !== "" ? v : undefined);
  const value = set(env[name]);
  const pathVars = [`${name}_PATH`, `${name}_FILE`].filter((v) => set(env[v]));
  const configured = [...(value !== undefined ? [name] : []), ...pathVars];
  if (configured.length > 1) {
    throw new FailedPreconditionError(
      `secret ${name} is configured twice (${configured.join(", ")}); set only one`,
    );
  }
  if (pathVars.length === 1) return { kind: "file", name, path: env[pathVars[0] as string] as string };
  if (value === undefined) {
    throw new FailedPreconditionError(`secret ${name} is not set: set ${name}, ${name}_PATH or ${name}_FILE`);
  }
  if (!value.startsWith(AWS_SM)) return { kind: "env", name, value };
  const ref = value.slice(AWS_SM.length);
  const hash = ref.indexOf("#");
  const secretId = hash < 0 ? ref : ref.slice(0, hash);
  const jsonKey = hash < 0 ? undefined : ref.slice(hash + 1);
  if (secretId === "" || jsonKey === "") {
    throw new FailedPreconditionError(`secret ${name}: expected aws-sm://<secret-id>[#json-key]`);
  }
  return { kind: "aws-sm", name, secretId, ...(jsonKey !== undefined && { jsonKey }) };
}
