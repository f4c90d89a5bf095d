import { InvalidArgumentError } from "@nova/errors";

/** A service's versioned key namespace: `nova:<service>:v<schemaVersion>:`. */
export interface Keyspace {
  readonly prefix: string;
  /** Builds a key in this namespace from parts joined by ":" (e.g. key("profile", id)). */
  key(...parts: Array<string | number>): string;
}

const SERVICE = /^[a-z][a-z0-9-]*$/;

/**
 * Versioned keys let a deploy that changes a cached value's shape bump `schemaVersion`: the new
 * version reads a fresh namespace while the old one's keys age out by TTL (or `deleteByPrefix`),
 * so old and new code never read each other's JSON during a canary.
 */
export function createKeyspace(service: string, schemaVersion: number): Keyspace {
  if (!SERVICE.test(service)) {
    throw new InvalidArgumentError("service must be kebab-case", [
      { field: "service", message: "must match ^[a-z][a-z0-9-]*$" },
    ]);
  }
  if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    throw new InvalidArgumentError("schemaVersion must be a positive integer", [
      { field: "schemaVersion", message: "must be a positive integer" },
    ]);
  }
  const prefix = `nova:${service}:v${schemaVersion}:`;
  return {
    prefix,
    key(...parts) {
      if (parts.length === 0 || parts.some((p) => p === "")) {
        throw new InvalidArgumentError("key parts must be non-empty", [
          { field: "parts", message: "must be at least one non-empty part" },
        ]);
      }
      return prefix + parts.join(":");
    },
  };
}
