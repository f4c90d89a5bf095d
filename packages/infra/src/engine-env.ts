import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

/** Variables the infra tier exports for tests, with the loopback endpoints `infra:up` starts. */
export const ENGINE_ENV_DEFAULTS = {
  REDIS_URL: "redis://127.0.0.1:6379/15",
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres",
  KAFKA_BROKERS: "127.0.0.1:19092",
  NEO4J_URI: "bolt://127.0.0.1:17687",
  ELASTICSEARCH_URL: "http://127.0.0.1:19200",
  CLICKHOUSE_URL: "http://127.0.0.1:18123",
  AWS_S3_ENDPOINT: "http://127.0.0.1:18333",
  AWS_S3_BUCKET: "nova-test",
  AWS_S3_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "novatest",
  AWS_SECRET_ACCESS_KEY: "novatestsecret",
} as const;

/** One of the variable names in {@link ENGINE_ENV_DEFAULTS}. */
export type EngineEnvKey = keyof typeof ENGINE_ENV_DEFAULTS;

/** The full set of engine variables. */
export type EngineEnv = Record<EngineEnvKey, string>;

/** Parses `KEY=value` lines (blank lines and `#` comments ignored; optional quotes stripped). */
export function parseEngineEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`engine env: malformed line ${JSON.stringify(raw)}`);
    const key = line
      .slice(0, eq)
      .replace(/^export\s+/, "")
      .trim();
    out[key] = line
      .slice(eq + 1)
      .trim()
      .replace(/^(['"])(.*)\1$/, "$2");
  }
  return out;
}

/** Renders variables as a file both `bun --env-file` and POSIX `. file` understand. */
export function formatEngineEnv(env: Record<string, string>): string {
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return `# written by scripts/infra/up.ts — real engines on loopback\n${lines.join("\n")}\n`;
}

/** Default location of the env file `infra:up` writes: `<repo>/.engines/env`. */
export function defaultEngineEnvPath(): string {
  return resolve(import.meta.dir, "../../../.engines/env");
}

/**
 * Reads the engine variables: values in `process.env` win, then the env file written by
 * `infra:up`. Throws when a variable is in neither, so an infra test fails instead of skipping.
 */
export function readEngineEnv<K extends EngineEnvKey>(
  keys: readonly K[],
  opts: { path?: string; env?: Record<string, string | undefined> } = {},
): Record<K, string> {
  const path = opts.path ?? defaultEngineEnvPath();
  const fromFile = existsSync(path) ? parseEngineEnv(readFileSync(path, "utf8")) : {};
  const env = opts.env ?? process.env;
  const out = {} as Record<K, string>;
  const missing: string[] = [];
  for (const key of keys) {
    const value = env[key] ?? fromFile[key];
    if (value === undefined || value === "") missing.push(key);
    else out[key] = value;
  }
  if (missing.length > 0) {
    throw new Error(
      `engine variables missing: ${missing.join(", ")} (run \`bun run infra:up\`, which writes ${path})`,
    );
  }
  return out;
}
