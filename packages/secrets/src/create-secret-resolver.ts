import { readFile, stat } from "node:fs/promises";
import type { SecretsManagerClient, SecretsManagerClientConfig } from "@aws-sdk/client-secrets-manager";
import { FailedPreconditionError } from "@nova/errors";
import { type AwsSecretFetcher, createAwsSecretFetcher } from "./aws-secret-fetcher.ts";
import { resolveSource, type SecretSource } from "./secret-reference.ts";

export interface SecretResolverOptions {
  /** The environment, passed in by main.ts (nothing else reads process.env). */
  env: Record<string, string | undefined>;
  /** Secrets Manager: a fetcher, a client, or client config; default: the SDK's default chain. */
  awsSecrets?: AwsSecretFetcher | SecretsManagerClient | SecretsManagerClientConfig;
  /** How long a Secrets Manager value is trusted before it is fetched again; default 5 min. */
  awsTtlMs?: number;
  /** How often a file secret is re-checked for changes; default 1 s. */
  fileCheckMs?: number;
  /** Refresh failures that fell back to the last good value. */
  onError?: (err: unknown, name: string) => void;
  now?: () => number;
}

/** Resolves named secrets and notices when they change (file rewritten, secret rotated). */
export interface SecretResolver {
  /** The secret's current value; throws FailedPreconditionError when it is not configured. */
  get(name: string): Promise<string>;
  /** Calls `onChange` with each new value after the first; resolves to a function that stops watching. */
  watch(name: string, onChange: (value: string) => void): Promise<() => void>;
  /** Stops every watch timer. */
  close(): void;
}

interface Entry {
  source: SecretSource;
  value?: string;
  /** When the value was last fetched or the file last checked (ms). */
  checkedAt: number;
  /** mtime/size/inode of the file the value came from. */
  fileSignature?: string;
  pending?: Promise<string>;
}

/** Strips the trailing newline editors and `echo` add; a secret never ends with one on purpose. */
const trimNewline = (s: string) => s.replace(/\r?\n$/, "");

/**
 * Creates a resolver. Values are cached: env values forever, files until their mtime/size/inode
 * changes (checked at most every `fileCheckMs`; polling, because Kubernetes swaps secret files via
 * symlinks that inotify-based watching misses), Secrets Manager values for `awsTtlMs`.
 */
export function createSecretResolver(options: SecretResolverOptions): SecretResolver {
  const now = options.now ?? Date.now;
  const awsTtlMs = options.awsTtlMs ?? 300_000;
  const fileCheckMs = options.fileCheckMs ?? 1_000;
  const onError = options.onError ?? (() => {});
  const entries = new Map<string, Entry>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  let aws: AwsSecretFetcher | undefined;

  function awsFetcher(): AwsSecretFetcher {
    if (aws) return aws;
    const given = options.awsSecrets;
    aws = typeof given === "function" ? given : createAwsSecretFetcher(given ?? {});
    return aws;
  }

  async function fileSignature(path: string): Promise<string> {
    try {
      const s = await stat(path);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch (err) {
      throw new FailedPreconditionError(`secret file ${path} cannot be read: ${(err as Error).message}`);
    }
  }

  /** Re-reads the value if its source may have changed; keeps the last good value on failure. */
  async function refresh(entry: Entry): Promise<string> {
    const { source } = entry;
    if (source.kind === "env") return source.value;
    const age = now() - entry.checkedAt;
    if (source.kind === "file") {
      if (entry.value !== undefined && age < fileCheckMs) return entry.value;
      const signature = await fileSignature(source.path);
      entry.checkedAt = now();
      if (entry.value !== undefined && signature === entry.fileSignature) return entry.value;
      entry.value = trimNewline(await readFile(source.path, "utf8"));
      entry.fileSignature = signature;
      return entry.value;
    }
    if (entry.value !== undefined && age < awsTtlMs) return entry.value;
    entry.value = await awsFetcher()(source.secretId, source.jsonKey);
    entry.checkedAt = now();
    return entry.value;
  }

  async function current(name: string): Promise<string> {
    let entry = entries.get(name);
    if (!entry) {
      entry = { source: resolveSource(name, options.env), checkedAt: 0 };
      entries.set(name, entry);
    }
    if (entry.pending) return entry.pending;
    const e = entry;
    e.pending = refresh(e)
      .catch((err) => {
        if (e.value === undefined) throw err;
        // A rotation in progress or a blip in AWS must not take the service down: keep the last value.
        onError(err, name);
        return e.value;
      })
      .finally(() => {
        e.pending = undefined;
      });
    return e.pending;
  }

  return {
    get: current,
    async watch(name, onChange) {
      let last = await current(name);
      const source = (entries.get(name) as Entry).source;
      if (source.kind === "env") return () => {};
      const timer = setInterval(
        async () => {
          const value = await current(name).catch((err) => {
            onError(err, name);
            return last;
          });
          if (value !== last) {
            last = value;
            onChange(value);
          }
        },
        source.kind === "file" ? fileCheckMs : awsTtlMs,
      );
      timer.unref?.();
      timers.add(timer);
      return () => {
        clearInterval(timer);
        timers.delete(timer);
      };
    },
    close() {
      for (const t of timers) clearInterval(t);
      timers.clear();
    },
  };
}
